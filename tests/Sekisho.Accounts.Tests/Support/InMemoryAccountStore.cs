namespace Sekisho.Accounts.Tests.Support;

/// <summary>Accounts in a list, for resolver tests (no passwords, no disk). Only lookups are supported.</summary>
internal sealed class InMemoryAccountStore : IAccountStore
{
    private readonly List<Account> _accounts = [];

    /// <summary>Creates a store with accounts; a name ending in <c>!</c> is an admin.</summary>
    /// <param name="names">The names, in creation order.</param>
    public InMemoryAccountStore(params string[] names)
    {
        foreach (var name in names)
        {
            _accounts.Add(new Account(name.TrimEnd('!'), name.EndsWith('!'), DateTimeOffset.UnixEpoch.AddDays(_accounts.Count)));
        }
    }

    /// <inheritdoc />
    public Task<Account?> FindAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_accounts.FirstOrDefault(account => account.Name == AccountName.Normalize(name)));

    /// <inheritdoc />
    public Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Account>>(_accounts.ToList());

    /// <inheritdoc />
    public Task AddAsync(string name, string password, bool isAdmin, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<bool> SetPasswordAsync(string name, string password, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<bool> VerifyPasswordAsync(string name, string password, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task AddAsync(string name, string password, bool isAdmin, CredentialOptions options, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task ImportAsync(string name, AccountCredentials credentials, bool isAdmin, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<bool> SetPasswordAsync(string name, string password, CredentialOptions options, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<AccountCredentials?> GetCredentialsAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc />
    public Task<int> PruneSecretsAsync(CredentialOptions options, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
