using System.Globalization;
using Microsoft.Data.Sqlite;
using Sekisho.Storage;

namespace Sekisho.Accounts;

/// <summary>
/// Accounts in a SQLite file. The file, its folder and the tables are created on first use (and a file of an older
/// schema is upgraded). The database runs in WAL mode with a busy timeout, so <c>sekisho user add</c> and the running
/// server can use the same file at the same time; every call opens a pooled connection, so the instance is thread-safe.
/// </summary>
public sealed class SqliteAccountStore : IAccountStore, IDisposable
{
    private const int SqliteConstraint = 19;

    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _initializeLock = new(1, 1);
    private volatile bool _initialized;
    private volatile bool _disposed;

    /// <summary>Uses (and creates on first use) the database at <paramref name="databasePath"/>.</summary>
    /// <param name="databasePath">The database file, e.g. <c>/var/lib/sekisho/accounts.db</c>.</param>
    public SqliteAccountStore(string databasePath) : this(databasePath, TimeProvider.System)
    {
    }

    /// <summary>Uses the database at <paramref name="databasePath"/> and stamps new accounts with <paramref name="timeProvider"/>.</summary>
    /// <param name="databasePath">The database file.</param>
    /// <param name="timeProvider">The clock for <see cref="Account.Created"/>.</param>
    public SqliteAccountStore(string databasePath, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentNullException.ThrowIfNull(timeProvider);
        DatabasePath = Path.GetFullPath(databasePath);
        _timeProvider = timeProvider;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30, // seconds; longer than the busy timeout
        }.ToString();
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public async Task<Account?> FindAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!AccountName.IsValid(name))
        {
            return null;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT name, is_admin, created FROM accounts WHERE name = $name;");
        command.Parameters.AddWithValue("$name", AccountName.Normalize(name));
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
        await using var command = Command(connection, "DELETE FROM accounts WHERE name = $name;"); // secrets go by ON DELETE CASCADE
        command.Parameters.AddWithValue("$name", AccountName.Normalize(name));
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
        await using var transaction = connection.BeginTransaction(deferred: false);
        long id;
        await using (var update = Command(connection, "UPDATE accounts SET password_hash = $hash WHERE name = $name RETURNING id;", transaction))
        {
            update.Parameters.AddWithValue("$name", normalized);
            update.Parameters.AddWithValue("$hash", credentials.PasswordHash);
            if (await update.ExecuteScalarAsync(cancellationToken) is not long found)
            {
                return false;
            }
            id = found;
        }
        await using (var delete = Command(connection, "DELETE FROM account_secrets WHERE account_id = $id;", transaction))
        {
            delete.Parameters.AddWithValue("$id", id);
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
            await using var command = Command(connection, "SELECT password_hash FROM accounts WHERE name = $name;");
            command.Parameters.AddWithValue("$name", AccountName.Normalize(name));
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
        await using var command = Command(connection, """
            SELECT a.password_hash, s.mechanism, s.realm, s.secret
            FROM accounts a LEFT JOIN account_secrets s ON s.account_id = a.id
            WHERE a.name = $name;
            """);
        command.Parameters.AddWithValue("$name", AccountName.Normalize(name));
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
        await using var command = Command(connection, """
            DELETE FROM account_secrets
            WHERE (mechanism = 'CRAM-MD5' AND NOT $cram)
               OR (mechanism = 'DIGEST-MD5' AND ($realm IS NULL OR realm <> $realm));
            """);
        command.Parameters.AddWithValue("$cram", options.StoreCramMd5);
        command.Parameters.AddWithValue("$realm", (object?)AccountInput.KeptDigestRealm(options) ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT name, is_admin, created FROM accounts ORDER BY id;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<Account>();
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts.Add(ReadAccount(reader));
        }
        return accounts;
    }

    /// <summary>Closes the pooled connections to the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Closes the pooled connections to the file.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task InsertAsync(string normalized, AccountCredentials credentials, bool isAdmin, CancellationToken cancellationToken)
    {
        var created = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: no lock upgrade to wait for
        long id;
        await using (var command = Command(connection, "INSERT INTO accounts (name, password_hash, is_admin, created) VALUES ($name, $hash, $admin, $created) RETURNING id;", transaction))
        {
            command.Parameters.AddWithValue("$name", normalized);
            command.Parameters.AddWithValue("$hash", credentials.PasswordHash);
            command.Parameters.AddWithValue("$admin", isAdmin ? 1 : 0);
            command.Parameters.AddWithValue("$created", created);
            try
            {
                id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            }
            catch (SqliteException exception) when (exception.SqliteErrorCode == SqliteConstraint)
            {
                throw new AccountException($"account {normalized} already exists");
            }
        }
        await InsertRowsAsync(connection, transaction, id, credentials, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task InsertRowsAsync(SqliteConnection connection, SqliteTransaction transaction, long id, AccountCredentials credentials, CancellationToken cancellationToken)
    {
        foreach (var row in CredentialRow.From(credentials))
        {
            await using var insert = Command(connection, "INSERT INTO account_secrets (account_id, mechanism, realm, secret) VALUES ($id, $mechanism, $realm, $secret);", transaction);
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$mechanism", row.Mechanism);
            insert.Parameters.AddWithValue("$realm", row.Realm);
            insert.Parameters.AddWithValue("$secret", row.Secret);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken);
        }
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await SqliteAccountSchema.ConfigureConnectionAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
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
            DurableFile.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await SqliteAccountSchema.ConfigureConnectionAsync(connection, cancellationToken);
            await SqliteAccountSchema.EnsureCreatedAsync(connection, cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initializeLock.Release();
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static Account ReadAccount(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1) != 0,
        DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
}
