namespace Sekisho.Accounts;

/// <summary>
/// Where accounts and their credentials live: <see cref="SqliteAccountStore"/> (one file) or
/// <see cref="PostgresAccountStore"/> (shared by several nodes); <see cref="AccountStores.Open"/> picks one from the
/// <c>account_database</c> setting. Both have the same semantics. Names are case-insensitive everywhere: they are
/// normalized with <see cref="AccountName.Normalize"/> before any lookup. No password is ever stored in clear: see
/// <see cref="AccountCredentials"/> for what is.
/// </summary>
public interface IAccountStore : IAsyncDisposable
{
    /// <summary>Finds an account by name (case-insensitive).</summary>
    /// <param name="name">The account name; an invalid name simply finds nothing.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The account, or <see langword="null"/> when there is none.</returns>
    Task<Account?> FindAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates an account with the PBKDF2 hash and the SCRAM verifiers (<see cref="CredentialOptions.Default"/>).</summary>
    /// <param name="name">The account name (stored normalized).</param>
    /// <param name="password">The password, not empty.</param>
    /// <param name="isAdmin">Whether the account is an administrator.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="AccountException">The account exists, the name is invalid or the password is empty.</exception>
    Task AddAsync(string name, string password, bool isAdmin, CancellationToken cancellationToken);

    /// <summary>Creates an account with every credential <see cref="AccountCredentials.Derive"/> makes for <paramref name="options"/>.</summary>
    /// <param name="name">The account name (stored normalized).</param>
    /// <param name="password">The password, not empty.</param>
    /// <param name="isAdmin">Whether the account is an administrator.</param>
    /// <param name="options">Which password-equivalent secrets to store as well.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="AccountException">The account exists, the name is invalid, the password is empty or the options lack a DIGEST-MD5 realm.</exception>
    Task AddAsync(string name, string password, bool isAdmin, CredentialOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Creates an account with credentials made elsewhere (<c>sekisho user import</c>): some may be missing, and
    /// <see cref="AccountCredentials.PasswordHash"/> may be empty or an imported SHA-crypt hash.
    /// </summary>
    /// <param name="name">The account name (stored normalized).</param>
    /// <param name="credentials">The credentials to store as they are.</param>
    /// <param name="isAdmin">Whether the account is an administrator.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="AccountException">The account exists, the name is invalid, or the password hash is one Sekisho cannot verify.</exception>
    Task ImportAsync(string name, AccountCredentials credentials, bool isAdmin, CancellationToken cancellationToken);

    /// <summary>Deletes an account and all its credentials.</summary>
    /// <param name="name">The account name (case-insensitive).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when an account was deleted, <see langword="false"/> when there was none.</returns>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Replaces all of an account's credentials from a new password (<see cref="CredentialOptions.Default"/>).</summary>
    /// <param name="name">The account name (case-insensitive).</param>
    /// <param name="password">The new password, not empty.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the password was changed, <see langword="false"/> when there is no such account.</returns>
    /// <exception cref="AccountException">The password is empty.</exception>
    Task<bool> SetPasswordAsync(string name, string password, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces all of an account's credentials from a new password: secrets that <paramref name="options"/> no longer
    /// asks for (CRAM-MD5, DIGEST-MD5, a DIGEST-MD5 realm that changed, APOP) are removed.
    /// </summary>
    /// <param name="name">The account name (case-insensitive).</param>
    /// <param name="password">The new password, not empty.</param>
    /// <param name="options">Which password-equivalent secrets to store as well.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the password was changed, <see langword="false"/> when there is no such account.</returns>
    /// <exception cref="AccountException">The password is empty or the options lack a DIGEST-MD5 realm.</exception>
    Task<bool> SetPasswordAsync(string name, string password, CredentialOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Checks a password in constant time. An unknown account (or one without a usable password hash) costs as much
    /// time as a wrong password, so the answer does not tell which accounts exist.
    /// </summary>
    /// <param name="name">The account name (case-insensitive).</param>
    /// <param name="password">The password to check.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> only when the account exists and the password matches.</returns>
    Task<bool> VerifyPasswordAsync(string name, string password, CancellationToken cancellationToken);

    /// <summary>Reads an account's credentials for the challenge-response mechanisms.</summary>
    /// <param name="name">The account name (case-insensitive); an invalid name finds nothing.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The credentials, or <see langword="null"/> when there is no such account.</returns>
    Task<AccountCredentials?> GetCredentialsAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the password-equivalent secrets that <paramref name="options"/> does not ask for, from every account:
    /// CRAM-MD5 contexts when CRAM-MD5 is disabled, DIGEST-MD5 secrets when DIGEST-MD5 is disabled or for other realms,
    /// APOP secrets when <see cref="CredentialOptions.StoreApop"/> is off. APOP secrets are kept whatever key they were
    /// made under: a node with the wrong <c>apop.key</c> must not wipe what the other nodes can read.
    /// </summary>
    /// <param name="options">What the configuration enables.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many secrets were removed.</returns>
    Task<int> PruneSecretsAsync(CredentialOptions options, CancellationToken cancellationToken);

    /// <summary>Lists all accounts, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The accounts in creation order.</returns>
    Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken);
}
