using System.Globalization;
using Microsoft.Data.Sqlite;
using Sekisho.Storage;

namespace Sekisho.Accounts;

/// <summary>
/// Accounts in a SQLite file. The file, its folder and the tables are created on first use. The database
/// runs in WAL mode with a busy timeout, so <c>sekisho user add</c> and the running server can use the same
/// file at the same time; every call opens a pooled connection, so the instance is thread-safe.
/// </summary>
public sealed class SqliteAccountStore : IAccountStore, IAsyncDisposable, IDisposable
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
    public async Task AddAsync(string name, string password, bool isAdmin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        if (!AccountName.IsValid(name))
        {
            throw new AccountException($"invalid account name '{name}': use 1-{AccountName.MaxLength} characters of a-z, 0-9, '.', '_', '-', not starting with '.' or '-'");
        }
        RequirePassword(password);
        var normalized = AccountName.Normalize(name);
        var hash = PasswordHasher.Hash(password);
        var created = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "INSERT INTO accounts (name, password_hash, is_admin, created) VALUES ($name, $hash, $admin, $created);");
        command.Parameters.AddWithValue("$name", normalized);
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$admin", isAdmin ? 1 : 0);
        command.Parameters.AddWithValue("$created", created);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == SqliteConstraint)
        {
            throw new AccountException($"account {normalized} already exists");
        }
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
        await using var command = Command(connection, "DELETE FROM accounts WHERE name = $name;");
        command.Parameters.AddWithValue("$name", AccountName.Normalize(name));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <inheritdoc />
    public async Task<bool> SetPasswordAsync(string name, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        RequirePassword(password);
        if (!AccountName.IsValid(name))
        {
            return false;
        }
        var hash = PasswordHasher.Hash(password);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "UPDATE accounts SET password_hash = $hash WHERE name = $name;");
        command.Parameters.AddWithValue("$name", AccountName.Normalize(name));
        command.Parameters.AddWithValue("$hash", hash);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
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
        if (stored is null)
        {
            return PasswordHasher.VerifyAgainstDecoy(password); // same cost as a wrong password
        }
        var matches = PasswordHasher.Verify(password, stored);
        return matches && password.Length > 0;
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

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static Account ReadAccount(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1) != 0,
        DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));

    private static void RequirePassword(string password)
    {
        if (password.Length == 0)
        {
            throw new AccountException("the password must not be empty");
        }
    }
}
