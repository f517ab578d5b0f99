namespace Sekisho.Server.RelayAuth;

/// <summary>
/// Where POP-before-SMTP authorizations live: a SQLite file in the data directory (several processes on one host)
/// or Redis (every node of a cluster). Methods throw when the store cannot be reached; callers decide what that
/// means (the SMTP policy defers, a POP3 login goes on and logs it).
/// </summary>
public interface IRelayAuthorizationStore : IAsyncDisposable
{
    /// <summary>Authorizes <paramref name="key"/> until <paramref name="until"/> (replacing an earlier entry).</summary>
    Task AuthorizeAsync(string key, DateTimeOffset until, string node, CancellationToken cancellationToken);

    /// <summary>The entry for <paramref name="key"/> when it is still valid at <paramref name="now"/>, else null.</summary>
    Task<RelayAuthorization?> FindAsync(string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The entries valid at <paramref name="now"/>, soonest to expire first.</summary>
    Task<IReadOnlyList<RelayAuthorization>> ListAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="key"/>; false when there was nothing to remove.</summary>
    Task<bool> RevokeAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes expired entries (Redis expires them itself); returns how many went.</summary>
    Task<int> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
