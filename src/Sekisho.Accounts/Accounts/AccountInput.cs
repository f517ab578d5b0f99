namespace Sekisho.Accounts;

/// <summary>The checks every <see cref="IAccountStore"/> makes on what callers pass, with the same messages.</summary>
internal static class AccountInput
{
    /// <summary>Returns the normalized name, or throws when the name cannot be an account's.</summary>
    /// <param name="name">The requested name.</param>
    /// <exception cref="AccountException">The name is invalid.</exception>
    public static string RequireValidName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!AccountName.IsValid(name))
        {
            throw new AccountException($"invalid account name '{name}': use 1-{AccountName.MaxLength} characters of a-z, 0-9, '.', '_', '-', not starting with '.' or '-'");
        }
        return AccountName.Normalize(name);
    }

    /// <summary>Throws when a new password is empty.</summary>
    /// <param name="password">The password.</param>
    /// <exception cref="AccountException">The password is empty.</exception>
    public static void RequirePassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length == 0)
        {
            throw new AccountException("the password must not be empty");
        }
    }

    /// <summary>Throws when imported credentials hold a password hash Sekisho could never check.</summary>
    /// <param name="credentials">The credentials.</param>
    /// <exception cref="AccountException">The hash is not empty and not verifiable.</exception>
    public static void RequireVerifiableHash(AccountCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.PasswordHash.Length > 0 && !PasswordHasher.CanVerify(credentials.PasswordHash))
        {
            throw new AccountException("the password hash is in a form Sekisho cannot verify (PBKDF2-SHA256, SHA256-CRYPT and SHA512-CRYPT are supported)");
        }
    }

    /// <summary>The DIGEST-MD5 realms that <see cref="IAccountStore.PruneSecretsAsync"/> keeps: the configured one, or none.</summary>
    /// <param name="options">The options.</param>
    public static string? KeptDigestRealm(CredentialOptions options) =>
        options.StoreDigestMd5 && options.DigestRealm.Length > 0 ? options.DigestRealm : null;
}
