using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Sekisho.Server.Auth;

/// <summary>
/// Failed-AUTH counts in Redis (<c>redis_url</c>), so every node of a cluster sees the same counts and lock-outs.
/// A client's failures are a sorted set of their times, <c>sekisho:auth:fail:{192.0.2.1}</c>, forgotten one window after
/// the last failure; its lock-out is a hash with <c>until</c> (Unix milliseconds) and <c>count</c>,
/// <c>sekisho:auth:lock:{192.0.2.1}</c>, forgotten at its end plus the keep time. Each change is one Lua script, so
/// nodes counting at the same time count right; the braces are a Redis Cluster hash tag that keeps a client's two keys
/// in one slot. Addresses are written the way every node sees them alike: IPv4-mapped IPv6 as IPv4, IPv6 compressed
/// and without a scope id. The store does not own the connection.
/// </summary>
/// <remarks>
/// When Redis cannot answer, every method throws: <see cref="RedisException"/> (no connection, a server error) or
/// <see cref="TimeoutException"/> (<see cref="RedisTimeoutException"/>).
/// </remarks>
public sealed class RedisAuthFailureStore : IAuthFailureStore
{
    /// <summary>The prefix of every key this store writes.</summary>
    public const string KeyPrefix = "sekisho:auth:";

    /// <summary>KEYS[1] the failures; ARGV: oldest time still counted, now, a unique member, the window (ms).</summary>
    private const string AddFailureScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return redis.call('ZCARD', KEYS[1])
        """;

    /// <summary>KEYS[1] the failures, KEYS[2] the lock-out; ARGV: until (Unix ms), count, how long to keep it (ms).</summary>
    private const string SetLockoutScript = """
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[2], 'until', ARGV[1], 'count', ARGV[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[3])
        return 1
        """;

    private static readonly RedisValue[] LockoutFields = ["until", "count"];

    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _time;

    /// <summary>Creates the store.</summary>
    /// <param name="redis">The connection (see <c>RedisConnector</c>); its default database holds the keys.</param>
    /// <param name="time">The clock the lock-outs' lifetimes are measured from: the throttle's.</param>
    public RedisAuthFailureStore(IConnectionMultiplexer redis, TimeProvider? time = null)
    {
        _redis = redis;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The key of a client's failure times: <c>sekisho:auth:fail:{2001:db8::1}</c>.</summary>
    public static string FailuresKey(IPAddress client) => KeyPrefix + "fail:{" + Address(client) + "}";

    /// <summary>The key of a client's lock-out: <c>sekisho:auth:lock:{192.0.2.1}</c>.</summary>
    public static string LockoutKey(IPAddress client) => KeyPrefix + "lock:{" + Address(client) + "}";

    /// <inheritdoc/>
    public async Task<int> AddFailureAsync(IPAddress client, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var windowMs = Math.Max(1, (long)window.TotalMilliseconds);
        var member = nowMs.ToString(CultureInfo.InvariantCulture) + ":" + Guid.NewGuid().ToString("N");
        var result = await _redis.GetDatabase()
            .ScriptEvaluateAsync(AddFailureScript, [FailuresKey(client)], [nowMs - windowMs, nowMs, member, windowMs])
            .WaitAsync(cancellationToken);
        return (int)result;
    }

    /// <inheritdoc/>
    public async Task<AuthLockout?> GetLockoutAsync(IPAddress client, CancellationToken cancellationToken)
    {
        var values = await _redis.GetDatabase().HashGetAsync(LockoutKey(client), LockoutFields).WaitAsync(cancellationToken);
        if (values[0].IsNull || values[1].IsNull)
        {
            return null;
        }
        return new AuthLockout(DateTimeOffset.FromUnixTimeMilliseconds((long)values[0]), (int)values[1]);
    }

    /// <inheritdoc/>
    public async Task SetLockoutAsync(IPAddress client, AuthLockout lockout, TimeSpan keep, CancellationToken cancellationToken)
    {
        var until = lockout.Until.ToUnixTimeMilliseconds();
        var keepMs = Math.Max(1, (long)(lockout.Until + keep - _time.GetUtcNow()).TotalMilliseconds);
        await _redis.GetDatabase()
            .ScriptEvaluateAsync(SetLockoutScript, [FailuresKey(client), LockoutKey(client)], [until, lockout.Count, keepMs])
            .WaitAsync(cancellationToken);
    }

    private static string Address(IPAddress client)
    {
        if (client.IsIPv4MappedToIPv6)
        {
            return client.MapToIPv4().ToString();
        }
        return client.AddressFamily == AddressFamily.InterNetworkV6 && client.ScopeId != 0
            ? new IPAddress(client.GetAddressBytes()).ToString()
            : client.ToString();
    }
}
