using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Sekisho.Storage;

namespace Sekisho.Accounts;

/// <summary>
/// Accounts in a SQLite file. The file, its folder and the tables are created on first use (and a file of an older
/// schema is upgraded). The database runs in WAL mode with a busy timeout, so <c>sekisho user add</c> and the running
/// server can use the same file at the same time; every call opens a pooled connection, so the instance is thread-safe.
/// </summary>
public sealed class SqliteAccountStore : SqlAccountStore, IDisposable
{
    private const int SqliteConstraint = 19;

    private readonly string _connectionString;

    /// <summary>Uses (and creates on first use) the database at <paramref name="databasePath"/>.</summary>
    /// <param name="databasePath">The database file, e.g. <c>/var/lib/sekisho/accounts.db</c>.</param>
    public SqliteAccountStore(string databasePath) : this(databasePath, TimeProvider.System)
    {
    }

    /// <summary>Uses the database at <paramref name="databasePath"/> and stamps new accounts with <paramref name="timeProvider"/>.</summary>
    /// <param name="databasePath">The database file.</param>
    /// <param name="timeProvider">The clock for <see cref="Account.Created"/>.</param>
    public SqliteAccountStore(string databasePath, TimeProvider timeProvider) : base(timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentNullException.ThrowIfNull(timeProvider);
        DatabasePath = Path.GetFullPath(databasePath);
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

    /// <summary>Closes the pooled connections to the file.</summary>
    public void Dispose()
    {
        if (MarkDisposed())
        {
            ClearPool();
        }
    }

    /// <inheritdoc />
    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await OpenSqliteAsync(cancellationToken);

    /// <inheritdoc />
    private protected override async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        DurableFile.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = await OpenSqliteAsync(cancellationToken);
        await SqliteAccountSchema.EnsureCreatedAsync(connection, cancellationToken);
    }

    /// <inheritdoc />
    private protected override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint };

    /// <inheritdoc />
    private protected override ValueTask ClosePoolAsync()
    {
        ClearPool();
        return ValueTask.CompletedTask;
    }

    /// <summary>Begins with <c>BEGIN IMMEDIATE</c>: the write lock is taken at once, so there is no lock upgrade to wait for.</summary>
    /// <inheritdoc />
    private protected override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <summary>SQLite has no timestamp type: the column holds the round-trip (<c>O</c>) text.</summary>
    /// <inheritdoc />
    private protected override object ToStoredTime(DateTimeOffset created) => created.ToString("O", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    private protected override DateTimeOffset ReadStoredTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private async Task<SqliteConnection> OpenSqliteAsync(CancellationToken cancellationToken)
    {
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

    private void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
