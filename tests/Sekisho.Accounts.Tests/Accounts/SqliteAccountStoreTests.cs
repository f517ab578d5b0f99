using Microsoft.Data.Sqlite;
using Sekisho.Accounts.Tests.Support;

namespace Sekisho.Accounts.Tests.Accounts;

/// <summary>The store contract on SQLite, plus what only a file has: WAL mode, the schema version, in-place upgrades.</summary>
public sealed class SqliteAccountStoreTests : AccountStoreContractTests
{
    private readonly TemporaryDirectory _directory = new();

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    /// <inheritdoc />
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(_directory.Combine("accounts.db"));

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> StoredTextAsync()
    {
        var values = new List<string>();
        foreach (var sql in new[] { "SELECT password_hash FROM accounts;", "SELECT secret FROM account_secrets;" })
        {
            await using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                values.Add(reader.GetString(0));
            }
        }
        return values;
    }

    [Fact]
    public void The_factory_opens_a_SQLite_store_for_a_path()
    {
        var store = Track(AccountStores.Open(Database));

        Assert.Equal(Database, Assert.IsType<SqliteAccountStore>(store).DatabasePath);
    }

    [Fact]
    public async Task Creates_the_folder_the_file_and_a_wal_database_on_first_use()
    {
        var path = _directory.Combine("var", "lib", "sekisho", "accounts.db");
        var store = Track(new SqliteAccountStore(path));
        Assert.False(File.Exists(path)); // nothing happens before first use

        Assert.Empty(await store.ListAsync(None));

        Assert.True(File.Exists(path));
        Assert.Equal("wal", await ScalarAsync(path, "PRAGMA journal_mode;"));
        Assert.Equal(2L, await ScalarAsync(path, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_version_1_file_is_upgraded_in_place_and_its_accounts_keep_working()
    {
        await ScalarAsync(Database, """
            CREATE TABLE accounts (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                name          TEXT    NOT NULL UNIQUE,
                password_hash TEXT    NOT NULL,
                is_admin      INTEGER NOT NULL DEFAULT 0,
                created       TEXT    NOT NULL
            );
            PRAGMA user_version = 1;
            """);
        await ScalarAsync(Database,
            $"INSERT INTO accounts (name, password_hash, is_admin, created) VALUES ('alice', '{PasswordHasher.Hash("old")}', 1, '2024-05-01T00:00:00.0000000+00:00');");
        var store = Open();

        Assert.True(await store.VerifyPasswordAsync("alice", "old", None));
        var before = (await store.GetCredentialsAsync("alice", None))!;
        Assert.Null(before.ScramSha256); // SCRAM needs the password: it comes with the next passwd
        Assert.Equal(2L, await ScalarAsync(Database, "PRAGMA user_version;"));

        await store.SetPasswordAsync("alice", "new", AllSecrets, None);

        var after = (await store.GetCredentialsAsync("alice", None))!;
        AssertScramMatches(after.ScramSha256!, "new");
        Assert.NotNull(after.CramMd5);
        Assert.True((await store.FindAsync("alice", None))!.IsAdmin);
    }

    [Fact]
    public async Task Rows_are_written_in_the_column_formats_older_versions_read()
    {
        var store = Open(new ManualTimeProvider());
        await store.AddAsync("root", "secret", isAdmin: true, None);
        await store.AddAsync("alice", "secret", isAdmin: false, None);

        Assert.Equal("2025-01-01T00:00:00.0000000+00:00", await ScalarAsync(Database, "SELECT created FROM accounts WHERE name = 'root';"));
        Assert.Equal("integer", await ScalarAsync(Database, "SELECT typeof(is_admin) FROM accounts WHERE name = 'root';"));
        Assert.Equal(1L, await ScalarAsync(Database, "SELECT is_admin FROM accounts WHERE name = 'root';"));
        Assert.Equal(0L, await ScalarAsync(Database, "SELECT is_admin FROM accounts WHERE name = 'alice';"));
    }

    [Fact]
    public async Task The_file_and_its_journal_never_hold_the_password()
    {
        var store = Open();
        await store.AddAsync("alice", "hunter2-plaintext", false, AllSecrets, None);
        await store.SetPasswordAsync("alice", "hunter3-plaintext", AllSecrets, None);

        foreach (var file in new[] { Database, Database + "-wal" }.Where(File.Exists))
        {
            Assert.Equal(-1, ReadShared(file).AsSpan().IndexOf("hunter"u8));
        }
    }

    [Fact]
    public async Task A_database_from_a_newer_version_is_refused()
    {
        await ScalarAsync(Database, "PRAGMA user_version = 99;");
        var store = Open();

        var exception = await Assert.ThrowsAsync<AccountException>(() => store.ListAsync(None));

        Assert.Contains("schema version 99", exception.Message);
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
