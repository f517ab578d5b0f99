using Microsoft.Data.Sqlite;
using Sekisho.Accounts.Tests.Support;

namespace Sekisho.Accounts.Tests.Accounts;

public sealed class SqliteAccountStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TemporaryDirectory _directory = new();
    private readonly List<SqliteAccountStore> _stores = [];

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
        _directory.Dispose();
    }

    [Fact]
    public async Task Creates_the_folder_the_file_and_a_wal_database_on_first_use()
    {
        var path = _directory.Combine("var", "lib", "sekisho", "accounts.db");
        var store = Open(path);
        Assert.False(File.Exists(path)); // nothing happens before first use

        Assert.Empty(await store.ListAsync(None));

        Assert.True(File.Exists(path));
        Assert.Equal("wal", await ScalarAsync(path, "PRAGMA journal_mode;"));
        Assert.Equal(1L, await ScalarAsync(path, "PRAGMA user_version;"));
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("alice", "ALICE")]
    [InlineData("Alice", "alice")]
    [InlineData("John.Doe", "john.DOE")]
    public async Task Names_are_case_insensitive_and_stored_lower_case(string added, string looked)
    {
        var store = Open();
        await store.AddAsync(added, "secret", isAdmin: false, None);

        var account = await store.FindAsync(looked, None);

        Assert.NotNull(account);
        Assert.Equal(AccountName.Normalize(added), account.Name);
    }

    [Fact]
    public async Task Find_returns_the_account_as_added()
    {
        var clock = new ManualTimeProvider();
        clock.Advance(TimeSpan.FromDays(3));
        var store = Track(new SqliteAccountStore(_directory.Combine("accounts.db"), clock));
        await store.AddAsync("root", "secret", isAdmin: true, None);

        Assert.Equal(new Account("root", true, clock.GetUtcNow()), await store.FindAsync("root", None));
        Assert.Null(await store.FindAsync("nobody", None));
        Assert.Null(await store.FindAsync("not a name", None));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".alice")]
    [InlineData("-alice")]
    [InlineData("alice+tag")]
    [InlineData("alice@example.org")]
    [InlineData("al ice")]
    [InlineData("jürgen")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Add_refuses_invalid_names(string name)
    {
        var store = Open();

        var exception = await Assert.ThrowsAsync<AccountException>(() => store.AddAsync(name, "secret", false, None));

        Assert.Contains("invalid account name", exception.Message);
        Assert.Empty(await store.ListAsync(None));
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("alice", "ALICE")]
    public async Task Add_refuses_an_existing_name(string first, string second)
    {
        var store = Open();
        await store.AddAsync(first, "one", false, None);

        var exception = await Assert.ThrowsAsync<AccountException>(() => store.AddAsync(second, "two", true, None));

        Assert.Equal("account alice already exists", exception.Message);
        Assert.True(await store.VerifyPasswordAsync("alice", "one", None));
    }

    [Fact]
    public async Task Add_and_SetPassword_refuse_an_empty_password()
    {
        var store = Open();
        await Assert.ThrowsAsync<AccountException>(() => store.AddAsync("alice", "", false, None));
        await store.AddAsync("alice", "secret", false, None);

        await Assert.ThrowsAsync<AccountException>(() => store.SetPasswordAsync("alice", "", None));

        Assert.True(await store.VerifyPasswordAsync("alice", "secret", None));
    }

    [Theory]
    [InlineData("alice", "secret", true)]
    [InlineData("ALICE", "secret", true)]
    [InlineData("alice", "Secret", false)]
    [InlineData("alice", "secret2", false)]
    [InlineData("alice", "", false)]
    [InlineData("bob", "secret", false)]
    [InlineData("not a name", "secret", false)]
    public async Task VerifyPassword_accepts_only_the_right_password_of_an_existing_account(string name, string password, bool expected)
    {
        var store = Open();
        await store.AddAsync("alice", "secret", false, None);

        Assert.Equal(expected, await store.VerifyPasswordAsync(name, password, None));
    }

    [Fact]
    public async Task The_database_holds_a_pbkdf2_hash_and_never_the_password()
    {
        var path = _directory.Combine("accounts.db");
        var store = Open(path);
        await store.AddAsync("alice", "hunter2-plaintext", false, None);

        var stored = (string)(await ScalarAsync(path, "SELECT password_hash FROM accounts WHERE name = 'alice';"))!;

        Assert.StartsWith("$pbkdf2-sha256$i=", stored);
        Assert.DoesNotContain("hunter2", stored);
        foreach (var file in new[] { path, path + "-wal" }.Where(File.Exists))
        {
            Assert.Equal(-1, ReadShared(file).AsSpan().IndexOf("hunter2"u8));
        }
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("Alice", true)]
    [InlineData("bob", false)]
    public async Task SetPassword_replaces_the_password_of_an_existing_account(string name, bool expected)
    {
        var store = Open();
        await store.AddAsync("alice", "old", false, None);

        Assert.Equal(expected, await store.SetPasswordAsync(name, "new", None));

        Assert.Equal(expected, await store.VerifyPasswordAsync("alice", "new", None));
        Assert.Equal(!expected, await store.VerifyPasswordAsync("alice", "old", None));
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("ALICE", true)]
    [InlineData("bob", false)]
    [InlineData("not a name", false)]
    public async Task Delete_removes_an_existing_account(string name, bool expected)
    {
        var store = Open();
        await store.AddAsync("alice", "secret", false, None);

        Assert.Equal(expected, await store.DeleteAsync(name, None));

        Assert.Equal(expected, await store.FindAsync("alice", None) is null);
    }

    [Fact]
    public async Task List_is_in_creation_order_even_after_deletes()
    {
        var store = Open();
        foreach (var name in new[] { "carol", "alice", "bob", "dave" })
        {
            await store.AddAsync(name, "pw", name == "bob", None);
        }
        await store.DeleteAsync("dave", None);
        await store.AddAsync("aaron", "pw", false, None);

        var accounts = await store.ListAsync(None);

        Assert.Equal(["carol", "alice", "bob", "aaron"], accounts.Select(account => account.Name));
        Assert.Equal([false, false, true, false], accounts.Select(account => account.IsAdmin));
    }

    [Fact]
    public async Task Two_stores_on_one_file_see_each_others_changes()
    {
        var path = _directory.Combine("shared", "accounts.db");
        var cli = Open(path);
        var server = Open(path);
        Assert.Empty(await server.ListAsync(None)); // the server holds the file open first

        await cli.AddAsync("alice", "secret", true, None);
        Assert.True(await server.VerifyPasswordAsync("alice", "secret", None));

        await server.SetPasswordAsync("alice", "changed", None);
        Assert.True(await cli.VerifyPasswordAsync("alice", "changed", None));

        await cli.DeleteAsync("alice", None);
        Assert.Null(await server.FindAsync("alice", None));
    }

    [Fact]
    public async Task Two_stores_can_write_at_the_same_time()
    {
        var path = _directory.Combine("accounts.db");
        var first = Open(path);
        var second = Open(path);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).AddAsync($"user{i}", "pw", false, None))));

        Assert.Equal(40, (await first.ListAsync(None)).Count);
    }

    [Fact]
    public async Task A_database_from_a_newer_version_is_refused()
    {
        var path = _directory.Combine("accounts.db");
        await ScalarAsync(path, "PRAGMA user_version = 99;");
        var store = Open(path);

        var exception = await Assert.ThrowsAsync<AccountException>(() => store.ListAsync(None));

        Assert.Contains("schema version 99", exception.Message);
    }

    [Fact]
    public async Task A_disposed_store_refuses_work()
    {
        var store = Open();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ListAsync(None));
    }

    private SqliteAccountStore Open(string? path = null) => Track(new SqliteAccountStore(path ?? _directory.Combine("accounts.db")));

    private SqliteAccountStore Track(SqliteAccountStore store)
    {
        _stores.Add(store);
        return store;
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
