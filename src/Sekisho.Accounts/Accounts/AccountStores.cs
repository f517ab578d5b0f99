namespace Sekisho.Accounts;

/// <summary>Opens the account store that an <c>account_database</c> setting names.</summary>
public static class AccountStores
{
    /// <summary>
    /// A <see cref="PostgresAccountStore"/> for a <c>postgresql://</c> or <c>postgres://</c> URL, otherwise a
    /// <see cref="SqliteAccountStore"/> on the file path. Nothing is opened until first use.
    /// </summary>
    /// <param name="accountDatabase">The setting's value as <c>SekishoSettings.AccountDatabase</c> holds it (a URL as written, or a full path).</param>
    /// <returns>The store; dispose it when done.</returns>
    /// <exception cref="ArgumentException"><paramref name="accountDatabase"/> is null or empty.</exception>
    /// <exception cref="AccountException">The URL is malformed (the message never shows the password).</exception>
    public static IAccountStore Open(string accountDatabase) => Open(accountDatabase, TimeProvider.System);

    /// <summary>As <see cref="Open(string)"/>, with the clock that stamps new accounts.</summary>
    /// <param name="accountDatabase">The setting's value.</param>
    /// <param name="timeProvider">The clock for <see cref="Account.Created"/>.</param>
    /// <returns>The store; dispose it when done.</returns>
    /// <exception cref="ArgumentException"><paramref name="accountDatabase"/> is null or empty.</exception>
    /// <exception cref="AccountException">The URL is malformed.</exception>
    public static IAccountStore Open(string accountDatabase, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountDatabase);
        return IsPostgres(accountDatabase)
            ? new PostgresAccountStore(accountDatabase, timeProvider)
            : new SqliteAccountStore(accountDatabase, timeProvider);
    }

    /// <summary>Whether the setting names a PostgreSQL database (starts with <c>postgresql://</c> or <c>postgres://</c>).</summary>
    /// <param name="accountDatabase">The setting's value.</param>
    public static bool IsPostgres(string accountDatabase) => PostgresUrl.IsPostgresUrl(accountDatabase);

    /// <summary>The setting as it may be shown in logs and messages: a URL's password replaced by <c>***</c>.</summary>
    /// <param name="accountDatabase">The setting's value.</param>
    /// <returns>The redacted URL or the path; for a malformed URL, only its scheme.</returns>
    public static string Describe(string accountDatabase)
    {
        ArgumentNullException.ThrowIfNull(accountDatabase);
        if (!IsPostgres(accountDatabase))
        {
            return accountDatabase;
        }
        try
        {
            return PostgresUrl.Parse(accountDatabase).Redacted;
        }
        catch (AccountException)
        {
            return accountDatabase[..(accountDatabase.IndexOf("://", StringComparison.Ordinal) + 3)] + "...";
        }
    }
}
