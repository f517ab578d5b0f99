using Npgsql;
using NpgsqlTypes;

namespace Sekisho.Accounts;

/// <summary>
/// Accounts in a PostgreSQL database (<c>account_database = postgresql://user:password@host:port/database</c>), so several
/// Sekisho nodes share one account list. Same semantics and tables as <see cref="SqliteAccountStore"/>; the tables are
/// created on first use (one node at a time, see <see cref="PostgresAccountSchema"/>). Connections are pooled; the
/// instance is thread-safe.
/// </summary>
public sealed class PostgresAccountStore : IAccountStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _initializeLock = new(1, 1);
    private volatile bool _initialized;
    private volatile bool _disposed;

    /// <summary>Uses the database named by <paramref name="url"/>.</summary>
    /// <param name="url">A <c>postgresql://</c> or <c>postgres://</c> URL, see <c>docs/accounts.md</c>.</param>
    /// <exception cref="AccountException">The URL is malformed (the message never shows the password).</exception>
    public PostgresAccountStore(string url) : this(url, TimeProvider.System)
    {
    }

    /// <summary>Uses the database named by <paramref name="url"/> and stamps new accounts with <paramref name="timeProvider"/>.</summary>
    /// <param name="url">A <c>postgresql://</c> or <c>postgres://</c> URL.</param>
    /// <param name="timeProvider">The clock for <see cref="Account.Created"/>.</param>
    /// <exception cref="AccountException">The URL is malformed.</exception>
    public PostgresAccountStore(string url, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var parsed = PostgresUrl.Parse(url);
        DisplayName = parsed.Redacted;
        _timeProvider = timeProvider;
        _dataSource = NpgsqlDataSource.Create(parsed.Builder);
    }

    /// <summary>The URL with its password replaced by <c>***</c>, for logs.</summary>
    public string DisplayName { get; }

    /// <inheritdoc />
    public async Task<Account?> FindAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!AccountName.IsValid(name))
        {
            return null;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT name, is_admin, created FROM accounts WHERE name = @name;", connection);
        command.Parameters.AddWithValue("name", AccountName.Normalize(name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAccount(reader) : null;
    }

    /// <inheritdoc />
    public Task AddAsync(string name, string password, bool isAdmin, CancellationToken cancellationToken) =>
        AddAsync(name, password, isAdmin, CredentialOptions.Default, cancellationToken);

    /// <inheritdoc />
    public async Task AddAsync(string name, string password, bool isAdmin, CredentialOptions options, CancellationToken cancellationToken)
    {
        var normalized = AccountInput.RequireValidName(name);
        AccountInput.RequirePassword(password);
        ArgumentNullException.ThrowIfNull(options);
        await InsertAsync(normalized, AccountCredentials.Derive(normalized, password, options), isAdmin, cancellationToken);
    }

    /// <inheritdoc />
    public async Task ImportAsync(string name, AccountCredentials credentials, bool isAdmin, CancellationToken cancellationToken)
    {
        var normalized = AccountInput.RequireValidName(name);
        AccountInput.RequireVerifiableHash(credentials);
        await InsertAsync(normalized, credentials, isAdmin, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!AccountName.IsValid(name))
        {
            return false;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM accounts WHERE name = @name;", connection); // secrets go by ON DELETE CASCADE
        command.Parameters.AddWithValue("name", AccountName.Normalize(name));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <inheritdoc />
    public Task<bool> SetPasswordAsync(string name, string password, CancellationToken cancellationToken) =>
        SetPasswordAsync(name, password, CredentialOptions.Default, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> SetPasswordAsync(string name, string password, CredentialOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        AccountInput.RequirePassword(password);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!AccountName.IsValid(name))
        {
            return false;
        }
        var normalized = AccountName.Normalize(name);
        var credentials = AccountCredentials.Derive(normalized, password, options);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long id;
        await using (var update = new NpgsqlCommand("UPDATE accounts SET password_hash = @hash WHERE name = @name RETURNING id;", connection, transaction))
        {
            update.Parameters.AddWithValue("name", normalized);
            update.Parameters.AddWithValue("hash", credentials.PasswordHash);
            if (await update.ExecuteScalarAsync(cancellationToken) is not long found)
            {
                return false;
            }
            id = found;
        }
        await using (var delete = new NpgsqlCommand("DELETE FROM account_secrets WHERE account_id = @id;", connection, transaction))
        {
            delete.Parameters.AddWithValue("id", id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await InsertRowsAsync(connection, transaction, id, credentials, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> VerifyPasswordAsync(string name, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        string? stored = null;
        if (AccountName.IsValid(name))
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT password_hash FROM accounts WHERE name = @name;", connection);
            command.Parameters.AddWithValue("name", AccountName.Normalize(name));
            stored = await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        return PasswordHasher.VerifyOrDecoy(password, stored) && password.Length > 0;
    }

    /// <inheritdoc />
    public async Task<AccountCredentials?> GetCredentialsAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!AccountName.IsValid(name))
        {
            return null;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT a.password_hash, s.mechanism, s.realm, s.secret
            FROM accounts a LEFT JOIN account_secrets s ON s.account_id = a.id
            WHERE a.name = @name;
            """, connection);
        command.Parameters.AddWithValue("name", AccountName.Normalize(name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        string? hash = null;
        var rows = new List<CredentialRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hash = reader.GetString(0);
            if (!reader.IsDBNull(1))
            {
                rows.Add(new CredentialRow(reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }
        return hash is null ? null : CredentialRow.ToCredentials(hash, rows);
    }

    /// <inheritdoc />
    public async Task<int> PruneSecretsAsync(CredentialOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            DELETE FROM account_secrets
            WHERE (mechanism = 'CRAM-MD5' AND NOT @cram)
               OR (mechanism = 'DIGEST-MD5' AND (@realm IS NULL OR realm <> @realm));
            """, connection);
        command.Parameters.AddWithValue("cram", options.StoreCramMd5);
        command.Parameters.Add(new NpgsqlParameter("realm", NpgsqlDbType.Text) { Value = (object?)AccountInput.KeptDigestRealm(options) ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT name, is_admin, created FROM accounts ORDER BY id;", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<Account>();
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts.Add(ReadAccount(reader));
        }
        return accounts;
    }

    /// <summary>Closes the pooled connections.</summary>
    /// <returns>A task that completes when the pool is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _dataSource.DisposeAsync();
    }

    private async Task InsertAsync(string normalized, AccountCredentials credentials, bool isAdmin, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long id;
        await using (var command = new NpgsqlCommand(
            "INSERT INTO accounts (name, password_hash, is_admin, created) VALUES (@name, @hash, @admin, @created) RETURNING id;", connection, transaction))
        {
            command.Parameters.AddWithValue("name", normalized);
            command.Parameters.AddWithValue("hash", credentials.PasswordHash);
            command.Parameters.AddWithValue("admin", isAdmin);
            command.Parameters.AddWithValue("created", _timeProvider.GetUtcNow());
            try
            {
                id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new AccountException($"account {normalized} already exists");
            }
        }
        await InsertRowsAsync(connection, transaction, id, credentials, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task InsertRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, AccountCredentials credentials, CancellationToken cancellationToken)
    {
        foreach (var row in CredentialRow.From(credentials))
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO account_secrets (account_id, mechanism, realm, secret) VALUES (@id, @mechanism, @realm, @secret);", connection, transaction);
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("mechanism", row.Mechanism);
            insert.Parameters.AddWithValue("realm", row.Realm);
            insert.Parameters.AddWithValue("secret", row.Secret);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken);
        }
        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initializeLock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await PostgresAccountSchema.EnsureCreatedAsync(connection, DisplayName, cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initializeLock.Release();
        }
    }

    private static Account ReadAccount(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetBoolean(1),
        reader.GetFieldValue<DateTimeOffset>(2));
}
