using Microsoft.Data.Sqlite;

namespace Sekisho.Server.RelayAuth;

/// <summary>
/// POP-before-SMTP authorizations in a SQLite file (<c>$data_directory/relay-auth.db</c>), in WAL mode with a busy
/// timeout, so the server, a second server process on the same host and <c>sekisho relay-auth</c> share it. The
/// file is created by the first authorization; until then lookups find nothing (so <c>sekisho check</c> writes nothing).
/// </summary>
public sealed class SqliteRelayAuthorizationStore : IRelayAuthorizationStore
{
    private readonly string _connectionString;
    private readonly string _path;
    private readonly SemaphoreSlim _initialize = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Uses (and creates on first use) the database at <paramref name="path"/>.</summary>
    public SqliteRelayAuthorizationStore(string path)
    {
        _path = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <inheritdoc/>
    public async Task AuthorizeAsync(string key, DateTimeOffset until, string node, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO relay_authorizations (key, until_ms, node) VALUES ($key, $until, $node) "
            + "ON CONFLICT (key) DO UPDATE SET until_ms = excluded.until_ms, node = excluded.node;";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$node", node);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<RelayAuthorization?> FindAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return null;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, until_ms, node FROM relay_authorizations WHERE key = $key AND until_ms > $now;";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RelayAuthorization>> ListAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return [];
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, until_ms, node FROM relay_authorizations WHERE until_ms > $now ORDER BY until_ms, key;";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<RelayAuthorization>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }
        return list;
    }

    /// <inheritdoc/>
    public async Task<bool> RevokeAsync(string key, CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return false;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM relay_authorizations WHERE key = $key;";
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <inheritdoc/>
    public async Task<int> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return 0;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM relay_authorizations WHERE until_ms <= $now;";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _initialize.Dispose();
        return ValueTask.CompletedTask;
    }

    private static RelayAuthorization Read(SqliteDataReader reader) =>
        new(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2));

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (!_initialized)
        {
            await _initialize.WaitAsync(cancellationToken);
            try
            {
                if (!_initialized)
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; "
                        + "CREATE TABLE IF NOT EXISTS relay_authorizations (key TEXT PRIMARY KEY, until_ms INTEGER NOT NULL, node TEXT NOT NULL);";
                    await command.ExecuteNonQueryAsync(cancellationToken);
                    _initialized = true;
                }
            }
            finally
            {
                _initialize.Release();
            }
        }
        else
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 5000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        return connection;
    }
}
