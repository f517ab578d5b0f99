using Npgsql;
using Sekisho.Accounts.Tests.Support;

namespace Sekisho.Accounts.Tests.Accounts;

/// <summary>
/// The store contract on a real PostgreSQL server (a private one per test run, see <see cref="PostgresServer"/>), plus
/// what only a shared server has: the schema table, several nodes creating the tables at once, the URL's password.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAccountStoreTests : AccountStoreContractTests
{
    private readonly PostgresServer _server;

    /// <summary>Uses the run's server.</summary>
    /// <param name="server">The server.</param>
    public PostgresAccountStoreTests(PostgresServer server)
    {
        _server = server;
    }

    private string DatabaseName => Database[(Database.LastIndexOf('/') + 1)..];

    /// <inheritdoc />
    protected override Task<string> CreateDatabaseAsync() => _server.CreateDatabaseAsync();

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> StoredTextAsync()
    {
        var hashes = await _server.QueryAsync("SELECT password_hash FROM accounts;", DatabaseName);
        var secrets = await _server.QueryAsync("SELECT secret FROM account_secrets;", DatabaseName);
        return [.. hashes.Concat(secrets).Select(text => text!)];
    }

    [Fact]
    public void The_factory_opens_a_PostgreSQL_store_for_a_URL_and_never_shows_the_password()
    {
        var store = Track(AccountStores.Open(Database));

        var postgres = Assert.IsType<PostgresAccountStore>(store);
        Assert.Equal($"postgresql://sekisho:***@127.0.0.1:{_server.Port}/{DatabaseName}", postgres.DisplayName);
    }

    [Fact]
    public async Task Creates_the_tables_and_records_the_schema_version_on_first_use()
    {
        var store = Open();
        Assert.Empty(await _server.QueryAsync("SELECT tablename FROM pg_tables WHERE tablename = 'accounts';", DatabaseName));

        Assert.Empty(await store.ListAsync(None));

        Assert.Equal(["2"], await _server.QueryAsync("SELECT version FROM sekisho_schema;", DatabaseName));
        Assert.Equal(["account_secrets", "accounts", "sekisho_schema"],
            await _server.QueryAsync("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename;", DatabaseName));
    }

    [Fact]
    public async Task Several_nodes_starting_at_once_create_the_tables_exactly_once()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => Open()).ToList();

        await Task.WhenAll(stores.Select((store, i) => Task.Run(() => store.AddAsync($"node{i}", "pw", false, None))));

        Assert.Equal(8, (await stores[0].ListAsync(None)).Count);
        Assert.Equal(["2"], await _server.QueryAsync("SELECT version FROM sekisho_schema;", DatabaseName));
    }

    [Fact]
    public async Task A_database_from_a_newer_version_is_refused()
    {
        await _server.AdminAsync("SET ROLE sekisho; CREATE TABLE sekisho_schema (version INTEGER NOT NULL); INSERT INTO sekisho_schema VALUES (99);", DatabaseName);
        var store = Open();

        var exception = await Assert.ThrowsAsync<AccountException>(() => store.ListAsync(None));

        Assert.Contains("schema version 99", exception.Message);
        Assert.DoesNotContain(PostgresServer.Password, exception.Message);
    }

    [Fact]
    public async Task A_wrong_password_fails_without_showing_it()
    {
        var url = Database.Replace(Uri.EscapeDataString(PostgresServer.Password), "wrong-secret-xyz", StringComparison.Ordinal);
        var store = Track(AccountStores.Open(url));

        var exception = await Assert.ThrowsAsync<PostgresException>(() => store.ListAsync(None));

        Assert.Equal(PostgresErrorCodes.InvalidPassword, exception.SqlState);
        Assert.DoesNotContain("wrong-secret-xyz", exception.ToString());
    }
}
