using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Sekisho.Config;
using Sekisho.EndToEnd.Tests.Cli;
using Sekisho.EndToEnd.Tests.Infrastructure;
using Sekisho.Server.RelayAuth;

namespace Sekisho.EndToEnd.Tests.RelayAuth;

/// <summary>
/// The POP-before-SMTP store, the same contract on the embedded SQLite file and on a real Redis: entries expire
/// exactly, two nodes see each other's entries, and a store that is down is reported, never read as "may relay".
/// </summary>
public sealed class RelayAuthorizationStoreTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public static TheoryData<string> Backends => ["sqlite", "redis"];

    private static async Task<(IRelayAuthorizationStore Store, IAsyncDisposable? Server, Func<Task<IRelayAuthorizationStore>> Another)> OpenAsync(
        string backend, TempDirectory dir)
    {
        if (backend == "sqlite")
        {
            var path = dir["relay-auth.db"];
            return (new SqliteRelayAuthorizationStore(path), null, () => Task.FromResult<IRelayAuthorizationStore>(new SqliteRelayAuthorizationStore(path)));
        }
        var redis = await RedisInstance.StartAsync();
        async Task<IRelayAuthorizationStore> Connect() =>
            new RedisRelayAuthorizationStore(await Sekisho.Server.Hosting.RedisConnector.ConnectAsync(redis.Url(), CancellationToken.None), ownsConnection: true);
        return (await Connect(), redis, Connect);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task An_entry_holds_until_its_end_and_not_a_moment_longer(string backend)
    {
        using var dir = new TempDirectory();
        var (store, server, _) = await OpenAsync(backend, dir);
        await using (server)
        await using (store)
        {
            Assert.Null(await store.FindAsync("192.0.2.7", Now, CancellationToken.None));
            await store.AuthorizeAsync("192.0.2.7", Now.AddMinutes(30), "node-a", CancellationToken.None);
            var entry = await store.FindAsync("192.0.2.7", Now, CancellationToken.None);
            Assert.Equal("192.0.2.7", entry!.Key);
            Assert.Equal("node-a", entry.Node);
            Assert.Equal(Now.AddMinutes(30).ToUnixTimeMilliseconds(), entry.Until.ToUnixTimeMilliseconds());
            Assert.NotNull(await store.FindAsync("192.0.2.7", Now.AddMinutes(29.9), CancellationToken.None));
            Assert.Null(await store.FindAsync("192.0.2.7", Now.AddMinutes(30), CancellationToken.None));
            Assert.Null(await store.FindAsync("192.0.2.8", Now, CancellationToken.None));
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task List_revoke_renew_and_purge(string backend)
    {
        using var dir = new TempDirectory();
        var (store, server, _) = await OpenAsync(backend, dir);
        await using (server)
        await using (store)
        {
            await store.AuthorizeAsync("192.0.2.7", Now.AddMinutes(30), "node-a", CancellationToken.None);
            await store.AuthorizeAsync("2001:db8:1:2::/64", Now.AddMinutes(10), "node-b", CancellationToken.None);
            await store.AuthorizeAsync("192.0.2.9", Now.AddSeconds(-1), "node-a", CancellationToken.None);
            Assert.Equal(["2001:db8:1:2::/64", "192.0.2.7"], (await store.ListAsync(Now, CancellationToken.None)).Select(e => e.Key));
            await store.AuthorizeAsync("192.0.2.7", Now.AddMinutes(5), "node-b", CancellationToken.None); // a later login replaces
            Assert.Equal("node-b", (await store.FindAsync("192.0.2.7", Now, CancellationToken.None))!.Node);
            Assert.True(await store.RevokeAsync("192.0.2.7", CancellationToken.None));
            Assert.False(await store.RevokeAsync("192.0.2.7", CancellationToken.None));
            Assert.Null(await store.FindAsync("192.0.2.7", Now, CancellationToken.None));
            await store.PurgeAsync(Now, CancellationToken.None);
            Assert.Equal(["2001:db8:1:2::/64"], (await store.ListAsync(Now, CancellationToken.None)).Select(e => e.Key));
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Two_nodes_share_the_store(string backend)
    {
        using var dir = new TempDirectory();
        var (nodeA, server, another) = await OpenAsync(backend, dir);
        await using (server)
        await using (nodeA)
        await using (var nodeB = await another())
        {
            var settings = Settings();
            var popA = new PopBeforeSmtp(nodeA, settings, "a.example.test", NullLogger.Instance);
            var popB = new PopBeforeSmtp(nodeB, settings, "b.example.test", NullLogger.Instance);
            Assert.False(await popB.IsAuthorizedAsync(IPAddress.Parse("192.0.2.7"), CancellationToken.None));
            await popA.AuthorizeAsync(IPAddress.Parse("192.0.2.7"), "alice", CancellationToken.None);
            Assert.True(await popB.IsAuthorizedAsync(IPAddress.Parse("192.0.2.7"), CancellationToken.None));
            Assert.True(await popB.IsAuthorizedAsync(IPAddress.Parse("::ffff:192.0.2.7"), CancellationToken.None));
        }
    }

    [Fact]
    public async Task Only_updater_nodes_count_when_they_are_listed()
    {
        using var dir = new TempDirectory();
        await using var store = new SqliteRelayAuthorizationStore(dir["relay-auth.db"]);
        var settings = Settings() with { Updaters = ["a.example.test"] };
        var fromA = new PopBeforeSmtp(store, settings, "A.example.test", NullLogger.Instance);
        var fromC = new PopBeforeSmtp(store, settings, "c.example.test", NullLogger.Instance);
        await fromC.AuthorizeAsync(IPAddress.Parse("192.0.2.7"), "alice", CancellationToken.None);
        Assert.False(await fromA.IsAuthorizedAsync(IPAddress.Parse("192.0.2.7"), CancellationToken.None));
        await fromA.AuthorizeAsync(IPAddress.Parse("192.0.2.7"), "alice", CancellationToken.None);
        Assert.True(await fromC.IsAuthorizedAsync(IPAddress.Parse("192.0.2.7"), CancellationToken.None));
    }

    [Fact]
    public async Task A_store_that_is_down_answers_null_and_a_login_still_goes_on()
    {
        var redis = await RedisInstance.StartAsync();
        var url = redis.Url();
        await redis.DisposeAsync(); // stopped: nothing listens there any more
        await using var store = new RedisRelayAuthorizationStore(await Sekisho.Server.Hosting.RedisConnector.ConnectAsync(url, CancellationToken.None), ownsConnection: true);
        var pop = new PopBeforeSmtp(store, Settings(), "a.example.test", NullLogger.Instance);
        await pop.AuthorizeAsync(IPAddress.Parse("192.0.2.7"), "alice", CancellationToken.None); // logged, not thrown
        Assert.Null(await pop.IsAuthorizedAsync(IPAddress.Parse("192.0.2.7"), CancellationToken.None));
    }

    [Theory]
    [InlineData("192.0.2.7", 128, "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", 64, "192.0.2.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 128, "2001:db8:1:2:aaaa:bbbb:cccc:dddd")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 64, "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 56, "2001:db8:1::/56")]
    [InlineData("fe80::1%2", 128, "fe80::1")]
    public void Keys_are_addresses_or_ipv6_prefixes(string address, int prefix, string key)
    {
        Assert.Equal(key, RelayAuthorizationKey.For(IPAddress.Parse(address), prefix));
    }

    private static PopSettings Settings() => new() { Expire = TimeSpan.FromMinutes(30), Ipv6Prefix = 128 };
}
