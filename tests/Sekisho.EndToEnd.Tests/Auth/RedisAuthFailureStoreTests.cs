using System.Net;
using Sekisho.EndToEnd.Tests.Infrastructure;
using Sekisho.Server.Auth;
using Sekisho.Server.Hosting;
using StackExchange.Redis;

namespace Sekisho.EndToEnd.Tests.Auth;

/// <summary>
/// With <c>redis_url</c> set, failed-AUTH counts and lock-outs live in a real Redis that every node shares: counted per
/// address within the window, forgotten after it, the same for two nodes, and a lock-out after the limit.
/// </summary>
public sealed class RedisAuthFailureStoreTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress Bystander = IPAddress.Parse("192.0.2.11");
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData("redis://127.0.0.1:6380/2", "127.0.0.1:6380", 2, null, null, false)]
    [InlineData("redis://127.0.0.1", "127.0.0.1:6379", 0, null, null, false)]
    [InlineData("redis://127.0.0.1/", "127.0.0.1:6379", 0, null, null, false)]
    [InlineData("redis://cache.example.test:7000/15", "cache.example.test:7000", 15, null, null, false)]
    [InlineData("redis://[2001:db8::1]:6379/1", "[2001:db8::1]:6379", 1, null, null, false)]
    [InlineData("rediss://cache.example.test/3", "cache.example.test:6379", 3, null, null, true)]
    [InlineData("redis://:s3cret@127.0.0.1:6379/0", "127.0.0.1:6379", 0, null, "s3cret", false)]
    [InlineData("redis://sekisho:s3cret@127.0.0.1/4", "127.0.0.1:6379", 4, "sekisho", "s3cret", false)]
    [InlineData("redis://:p%40ss%3Aword@127.0.0.1/0", "127.0.0.1:6379", 0, null, "p@ss:word", false)]
    [InlineData("redis://s3cret@127.0.0.1/0", "127.0.0.1:6379", 0, null, "s3cret", false)]
    public void A_redis_url_becomes_connection_options(string url, string endpoint, int database, string? user, string? password, bool tls)
    {
        var options = RedisConnector.Options(url);
        Assert.Equal(endpoint, Assert.Single(options.EndPoints) switch
        {
            DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
            var other => other.ToString(),
        });
        Assert.Equal(database, options.DefaultDatabase);
        Assert.Equal(user, options.User);
        Assert.Equal(password, options.Password);
        Assert.Equal(tls, options.Ssl);
        Assert.False(options.AbortOnConnectFail);
        Assert.InRange(options.ConnectTimeout, 1, 5000);
    }

    [Theory]
    [InlineData("http://127.0.0.1:6379/0")]
    [InlineData("127.0.0.1:6379")]
    [InlineData("redis://127.0.0.1:6379/zero")]
    [InlineData("redis://127.0.0.1:6379/-1")]
    public void A_bad_redis_url_is_refused(string url)
    {
        Assert.Throws<FormatException>(() => RedisConnector.Options(url));
    }

    [Theory]
    [InlineData("192.0.2.1", "sekisho:auth:fail:{192.0.2.1}")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001", "sekisho:auth:fail:{2001:db8::1}")]
    [InlineData("::ffff:192.0.2.1", "sekisho:auth:fail:{192.0.2.1}")]
    [InlineData("fe80::1%2", "sekisho:auth:fail:{fe80::1}")]
    public void Keys_name_the_address_the_way_every_node_writes_it(string address, string key)
    {
        Assert.Equal(key, RedisAuthFailureStore.FailuresKey(IPAddress.Parse(address)));
        Assert.Equal(key.Replace(":fail:", ":lock:"), RedisAuthFailureStore.LockoutKey(IPAddress.Parse(address)));
    }

    [Fact]
    public async Task Failures_are_counted_per_address_within_the_window()
    {
        await using var redis = await RedisInstance.StartAsync();
        await using var connection = await ConnectAsync(redis);
        var store = new RedisAuthFailureStore(connection);
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(1, await store.AddFailureAsync(Attacker, now, Window, CancellationToken.None));
        Assert.Equal(2, await store.AddFailureAsync(Attacker, now, Window, CancellationToken.None));
        Assert.Equal(3, await store.AddFailureAsync(Attacker, now.AddSeconds(1), Window, CancellationToken.None));
        Assert.Equal(1, await store.AddFailureAsync(Bystander, now, Window, CancellationToken.None));
        Assert.Equal(2, await store.AddFailureAsync(IPAddress.Parse("::ffff:192.0.2.11"), now, Window, CancellationToken.None));
        Assert.Null(await store.GetLockoutAsync(Attacker, CancellationToken.None));
    }

    [Fact]
    public async Task Failures_older_than_the_window_no_longer_count()
    {
        await using var redis = await RedisInstance.StartAsync();
        await using var connection = await ConnectAsync(redis);
        var store = new RedisAuthFailureStore(connection);
        var start = DateTimeOffset.UtcNow;
        var window = TimeSpan.FromSeconds(1);

        Assert.Equal(1, await store.AddFailureAsync(Attacker, start, window, CancellationToken.None));
        Assert.Equal(2, await store.AddFailureAsync(Attacker, start.AddMilliseconds(500), window, CancellationToken.None));
        Assert.Equal(3, await store.AddFailureAsync(Attacker, start.AddMilliseconds(1000), window, CancellationToken.None));
        Assert.Equal(3, await store.AddFailureAsync(Attacker, start.AddMilliseconds(1200), window, CancellationToken.None));
        Assert.Equal(1, await store.AddFailureAsync(Attacker, start.AddMilliseconds(2300), window, CancellationToken.None));
    }

    [Fact]
    public async Task A_quiet_address_is_forgotten_by_redis_after_the_window()
    {
        await using var redis = await RedisInstance.StartAsync();
        await using var connection = await ConnectAsync(redis);
        var store = new RedisAuthFailureStore(connection);
        var window = TimeSpan.FromMilliseconds(300);
        var key = RedisAuthFailureStore.FailuresKey(Attacker);

        await store.AddFailureAsync(Attacker, DateTimeOffset.UtcNow, window, CancellationToken.None);
        Assert.InRange(await connection.GetDatabase().KeyTimeToLiveAsync(key) ?? TimeSpan.MaxValue, TimeSpan.FromMilliseconds(1), window);
        await Task.Delay(window * 2);

        Assert.False(await connection.GetDatabase().KeyExistsAsync(key));
        Assert.Equal(1, await store.AddFailureAsync(Attacker, DateTimeOffset.UtcNow, window, CancellationToken.None));
    }

    [Fact]
    public async Task A_lockout_is_stored_and_clears_the_failures()
    {
        await using var redis = await RedisInstance.StartAsync();
        await using var connection = await ConnectAsync(redis);
        var store = new RedisAuthFailureStore(connection);
        var now = DateTimeOffset.UtcNow;
        await store.AddFailureAsync(Attacker, now, Window, CancellationToken.None);
        await store.AddFailureAsync(Attacker, now, Window, CancellationToken.None);
        var until = DateTimeOffset.FromUnixTimeMilliseconds(now.AddSeconds(60).ToUnixTimeMilliseconds());

        await store.SetLockoutAsync(Attacker, new AuthLockout(until, 2), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(new AuthLockout(until, 2), await store.GetLockoutAsync(Attacker, CancellationToken.None));
        Assert.Null(await store.GetLockoutAsync(Bystander, CancellationToken.None));
        var database = connection.GetDatabase();
        Assert.False(await database.KeyExistsAsync(RedisAuthFailureStore.FailuresKey(Attacker)));
        Assert.InRange(await database.KeyTimeToLiveAsync(RedisAuthFailureStore.LockoutKey(Attacker)) ?? TimeSpan.Zero,
            TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(90));
        Assert.Equal(1, await store.AddFailureAsync(Attacker, now, Window, CancellationToken.None));
    }

    [Fact]
    public async Task A_lockout_is_forgotten_after_its_end_and_the_keep_time()
    {
        await using var redis = await RedisInstance.StartAsync();
        await using var connection = await ConnectAsync(redis);
        var store = new RedisAuthFailureStore(connection);

        await store.SetLockoutAsync(Attacker, new AuthLockout(DateTimeOffset.UtcNow.AddMilliseconds(200), 1), TimeSpan.FromMilliseconds(200),
            CancellationToken.None);
        Assert.NotNull(await store.GetLockoutAsync(Attacker, CancellationToken.None));
        await Task.Delay(TimeSpan.FromMilliseconds(700));

        Assert.Null(await store.GetLockoutAsync(Attacker, CancellationToken.None));
    }

    [Fact]
    public async Task Two_nodes_see_the_same_counts_and_lockouts()
    {
        await using var redis = await RedisInstance.StartAsync();
        await using var first = await ConnectAsync(redis);
        await using var second = await ConnectAsync(redis);
        var nodeA = new RedisAuthFailureStore(first);
        var nodeB = new RedisAuthFailureStore(second);
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(1, await nodeA.AddFailureAsync(Attacker, now, Window, CancellationToken.None));
        Assert.Equal(2, await nodeB.AddFailureAsync(Attacker, now, Window, CancellationToken.None));
        Assert.Equal(3, await nodeA.AddFailureAsync(Attacker, now, Window, CancellationToken.None));
        var until = DateTimeOffset.FromUnixTimeMilliseconds(now.AddMinutes(1).ToUnixTimeMilliseconds());
        await nodeB.SetLockoutAsync(Attacker, new AuthLockout(until, 1), Window, CancellationToken.None);

        Assert.Equal(new AuthLockout(until, 1), await nodeA.GetLockoutAsync(Attacker, CancellationToken.None));
        Assert.Equal(1, await nodeA.AddFailureAsync(Attacker, now, Window, CancellationToken.None));
    }

    [Fact]
    public async Task Nodes_counting_at_the_same_time_count_every_failure_once()
    {
        await using var redis = await RedisInstance.StartAsync();
        await using var first = await ConnectAsync(redis);
        await using var second = await ConnectAsync(redis);
        var nodes = new[] { new RedisAuthFailureStore(first), new RedisAuthFailureStore(second) };
        var now = DateTimeOffset.UtcNow;

        var counts = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(i => nodes[i % 2].AddFailureAsync(Attacker, now, Window, CancellationToken.None)));

        Assert.Equal(Enumerable.Range(1, 100), counts.Order());
    }

    [Fact]
    public async Task The_throttle_over_redis_locks_out_an_address_on_every_node_and_leaves_others_alone()
    {
        await using var redis = await RedisInstance.StartAsync();
        await using var first = await ConnectAsync(redis);
        await using var second = await ConnectAsync(redis);
        var nodeA = new AuthFailureThrottle(new RedisAuthFailureStore(first), limit: 3, Window, penalty: TimeSpan.FromSeconds(60));
        var nodeB = new AuthFailureThrottle(new RedisAuthFailureStore(second), limit: 3, Window, penalty: TimeSpan.FromSeconds(60));

        Assert.Null(await nodeA.RecordFailureAsync(Attacker, CancellationToken.None));
        Assert.Null(await nodeB.RecordFailureAsync(Attacker, CancellationToken.None));
        Assert.Null(await nodeB.RecordFailureAsync(Bystander, CancellationToken.None));
        var until = await nodeA.RecordFailureAsync(Attacker, CancellationToken.None);

        Assert.NotNull(until);
        Assert.InRange(until.Value - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(60));
        Assert.NotNull(await nodeB.LockedUntilAsync(Attacker, CancellationToken.None));
        Assert.NotNull(await nodeA.LockedUntilAsync(Attacker, CancellationToken.None));
        Assert.Null(await nodeA.LockedUntilAsync(Bystander, CancellationToken.None));
        Assert.Null(await nodeB.LockedUntilAsync(Bystander, CancellationToken.None));
    }

    [Fact]
    public async Task When_redis_is_gone_the_store_throws_instead_of_answering()
    {
        var redis = await RedisInstance.StartAsync();
        await using var connection = await ConnectAsync(redis);
        var store = new RedisAuthFailureStore(connection);
        Assert.Equal(1, await store.AddFailureAsync(Attacker, DateTimeOffset.UtcNow, Window, CancellationToken.None));
        await redis.DisposeAsync();

        await Assert.ThrowsAsync<RedisConnectionException>(() => store.AddFailureAsync(Attacker, DateTimeOffset.UtcNow, Window, CancellationToken.None));
        await Assert.ThrowsAsync<RedisConnectionException>(() => store.GetLockoutAsync(Attacker, CancellationToken.None));
    }

    [Fact]
    public async Task Without_redis_connecting_succeeds_but_every_lookup_throws()
    {
        await using var connection = await RedisConnector.ConnectAsync($"redis://127.0.0.1:{FreePort.Next()}/0", CancellationToken.None);
        var store = new RedisAuthFailureStore(connection);

        Assert.False(connection.IsConnected);
        await Assert.ThrowsAsync<RedisConnectionException>(() => store.GetLockoutAsync(Attacker, CancellationToken.None));
        await Assert.ThrowsAsync<RedisConnectionException>(() => store.SetLockoutAsync(Attacker, new AuthLockout(DateTimeOffset.UtcNow, 1), Window,
            CancellationToken.None));
    }

    private static Task<ConnectionMultiplexer> ConnectAsync(RedisInstance redis) => RedisConnector.ConnectAsync(redis.Url(), CancellationToken.None);
}
