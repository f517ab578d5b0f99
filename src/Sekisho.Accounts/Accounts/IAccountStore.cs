namespace Sekisho.Accounts;

/// <summary>
/// Where accounts and their password hashes live. Names are case-insensitive everywhere: they are
/// normalized with <see cref="AccountName.Normalize"/> before any lookup.
/// </summary>
public interface IAccountStore
{
    /// <summary>Finds an account by name (case-insensitive).</summary>
    /// <param name="name">The account name; an invalid name simply finds nothing.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The account, or <see langword="null"/> when there is none.</returns>
    Task<Account?> FindAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates an account; the password is stored only as a <see cref="PasswordHasher"/> hash.</summary>
    /// <param name="name">The account name (stored normalized).</param>
    /// <param name="password">The password, not empty.</param>
    /// <param name="isAdmin">Whether the account is an administrator.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="AccountException">The account exists, the name is invalid or the password is empty.</exception>
    Task AddAsync(string name, string password, bool isAdmin, CancellationToken cancellationToken);

    /// <summary>Deletes an account.</summary>
    /// <param name="name">The account name (case-insensitive).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when an account was deleted, <see langword="false"/> when there was none.</returns>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Replaces an account's password.</summary>
    /// <param name="name">The account name (case-insensitive).</param>
    /// <param name="password">The new password, not empty.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the password was changed, <see langword="false"/> when there is no such account.</returns>
    /// <exception cref="AccountException">The password is empty.</exception>
    Task<bool> SetPasswordAsync(string name, string password, CancellationToken cancellationToken);

    /// <summary>
    /// Checks a password in constant time. An unknown account costs as much time as a wrong password,
    /// so the answer does not tell which accounts exist.
    /// </summary>
    /// <param name="name">The account name (case-insensitive).</param>
    /// <param name="password">The password to check.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> only when the account exists and the password matches.</returns>
    Task<bool> VerifyPasswordAsync(string name, string password, CancellationToken cancellationToken);

    /// <summary>Lists all accounts, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The accounts in creation order.</returns>
    Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken);
}
