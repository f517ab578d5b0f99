using Npgsql;

namespace Sekisho.Accounts;

/// <summary>
/// The tables of <see cref="PostgresAccountStore"/>: the same as <see cref="SqliteAccountSchema"/>'s (accounts, and
/// their secrets deleted with them), plus <c>sekisho_schema</c> holding the version that SQLite keeps in
/// <c>PRAGMA user_version</c>. Several nodes may start at once: the creator holds a transaction-scoped advisory lock,
/// so exactly one of them creates or upgrades the tables and the others find them.
/// </summary>
internal static class PostgresAccountSchema
{
    /// <summary>The schema version; the same numbering as SQLite's.</summary>
    public const int Version = SqliteAccountSchema.Version;

    private const long AdvisoryLockKey = 0x5345_4B49_5348_4F01; // "SEKISHO" and 1: an arbitrary, fixed key

    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS accounts (
            id            BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name          TEXT        NOT NULL UNIQUE,
            password_hash TEXT        NOT NULL,
            is_admin      BOOLEAN     NOT NULL DEFAULT FALSE,
            created       TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE IF NOT EXISTS account_secrets (
            account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            mechanism  TEXT   NOT NULL,
            realm      TEXT   NOT NULL DEFAULT '',
            secret     TEXT   NOT NULL,
            PRIMARY KEY (account_id, mechanism, realm)
        );
        """;

    /// <summary>Creates the tables when they are missing, or upgrades older ones.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="displayName">The database as shown in messages (no password).</param>
    /// <param name="cancellationToken">Cancels the set-up.</param>
    /// <exception cref="AccountException">The database was set up by a newer Sekisho.</exception>
    public static async Task EnsureCreatedAsync(NpgsqlConnection connection, string displayName, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey});", cancellationToken);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS sekisho_schema (version INTEGER NOT NULL);", cancellationToken);
        int version;
        await using (var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM sekisho_schema;", connection, transaction))
        {
            version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
        }
        if (version > Version)
        {
            throw new AccountException($"account database {displayName} has schema version {version}; this Sekisho knows version {Version} at most");
        }
        if (version < Version)
        {
            await ExecuteAsync(connection, transaction,
                CreateTables + $"DELETE FROM sekisho_schema; INSERT INTO sekisho_schema (version) VALUES ({Version});", cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
