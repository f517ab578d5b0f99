using Microsoft.Data.Sqlite;

namespace Sekisho.Accounts;

/// <summary>
/// The tables of <see cref="SqliteAccountStore"/> and the per-connection settings that let the CLI and the
/// running server share one database file: WAL journal (readers never block the writer) and a busy timeout
/// (a writer waits for the other instead of failing), and foreign keys on (deleting an account deletes its secrets).
/// </summary>
/// <remarks>
/// Version 1 had only <c>accounts</c>; version 2 adds <c>account_secrets</c> (SCRAM verifiers, CRAM-MD5 and DIGEST-MD5
/// secrets). A version 1 file is upgraded in place on first use; its accounts keep working for PLAIN and LOGIN and
/// gain the other mechanisms at their next <c>sekisho user passwd</c>.
/// </remarks>
internal static class SqliteAccountSchema
{
    /// <summary>The schema version kept in <c>PRAGMA user_version</c>.</summary>
    public const int Version = 2;

    /// <summary>How long a statement waits for another process's write lock.</summary>
    public const int BusyTimeoutMilliseconds = 10_000;

    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS accounts (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            name          TEXT    NOT NULL UNIQUE,
            password_hash TEXT    NOT NULL,
            is_admin      INTEGER NOT NULL DEFAULT 0,
            created       TEXT    NOT NULL
        );
        CREATE TABLE IF NOT EXISTS account_secrets (
            account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            mechanism  TEXT    NOT NULL,
            realm      TEXT    NOT NULL DEFAULT '',
            secret     TEXT    NOT NULL,
            PRIMARY KEY (account_id, mechanism, realm)
        );
        """;

    /// <summary>Applies the per-connection settings; call on every newly opened connection.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public static async Task ConfigureConnectionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA foreign_keys = ON;", cancellationToken);
    }

    /// <summary>Switches the file to WAL mode and creates the tables when they are missing (upgrading an older file).</summary>
    /// <param name="connection">An open, configured connection.</param>
    /// <param name="cancellationToken">Cancels the set-up.</param>
    /// <exception cref="AccountException">The file was written by a newer Sekisho.</exception>
    public static async Task EnsureCreatedAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: one creator at a time
        var version = Convert.ToInt32(await ScalarAsync(connection, transaction, "PRAGMA user_version;", cancellationToken));
        if (version > Version)
        {
            throw new AccountException(
                $"account database {connection.DataSource} has schema version {version}; this Sekisho knows version {Version} at most");
        }
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = CreateTables + $"PRAGMA user_version = {Version};";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
