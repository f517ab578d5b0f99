using System.Net;

namespace Sekisho.Server.Auth;

/// <summary>
/// Where failed-AUTH counts and lock-outs live: in memory for one node (<see cref="MemoryAuthFailureStore"/>), or in
/// Redis when <c>redis_url</c> is set, so every node of a cluster sees the same counts. Keys are client addresses.
/// </summary>
public interface IAuthFailureStore
{
    /// <summary>Adds a failure at <paramref name="now"/> and returns how many failures the client has within <paramref name="window"/>.</summary>
    Task<int> AddFailureAsync(IPAddress client, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>The client's current lock-out (its end and how many lock-outs in a row), or null.</summary>
    Task<AuthLockout?> GetLockoutAsync(IPAddress client, CancellationToken cancellationToken);

    /// <summary>Locks the client out and clears its failure count; the record may be forgotten after <paramref name="keep"/>.</summary>
    Task SetLockoutAsync(IPAddress client, AuthLockout lockout, TimeSpan keep, CancellationToken cancellationToken);
}
