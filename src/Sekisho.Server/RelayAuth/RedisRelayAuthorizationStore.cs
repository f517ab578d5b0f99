using System.Globalization;
using StackExchange.Redis;

namespace Sekisho.Server.RelayAuth;

/// <summary>
/// POP-before-SMTP authorizations in Redis, shared by every node of a cluster: one hash per key
/// (<c>sekisho:relay:KEY</c> with <c>until</c> in Unix milliseconds and <c>node</c>) that Redis expires itself at
/// its end, so a login on node A lets the client relay through node B at once, and never longer than granted.
/// </summary>
public sealed class RedisRelayAuthorizationStore : IRelayAuthorizationStore
{
    private const string Prefix = "sekisho:relay:";

    private readonly IConnectionMultiplexer _redis;
    private readonly bool _ownsConnection;

    /// <summary>Uses <paramref name="redis"/>.</summary>
    /// <param name="redis">The connection.</param>
    /// <param name="ownsConnection">Dispose the connection with the store.</param>
    public RedisRelayAuthorizationStore(IConnectionMultiplexer redis, bool ownsConnection = false)
    {
        _redis = redis;
        _ownsConnection = ownsConnection;
    }

    private IDatabase Database => _redis.GetDatabase();

    /// <inheritdoc/>
    public async Task AuthorizeAsync(string key, DateTimeOffset until, string node, CancellationToken cancellationToken)
    {
        var transaction = Database.CreateTransaction();
        _ = transaction.HashSetAsync(Prefix + key, [new("until", until.ToUnixTimeMilliseconds()), new("node", node)]);
        _ = transaction.KeyExpireAsync(Prefix + key, until.UtcDateTime);
        await transaction.ExecuteAsync().WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<RelayAuthorization?> FindAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entry = Read(key, await Database.HashGetAllAsync(Prefix + key).WaitAsync(cancellationToken));
        return entry is not null && entry.Until > now ? entry : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RelayAuthorization>> ListAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var list = new List<RelayAuthorization>();
        foreach (var endPoint in _redis.GetEndPoints())
        {
            var server = _redis.GetServer(endPoint);
            if (server.IsReplica)
            {
                continue;
            }
            await foreach (var redisKey in server.KeysAsync(Database.Database, Prefix + "*").WithCancellation(cancellationToken))
            {
                var key = ((string)redisKey!)[Prefix.Length..];
                if (await FindAsync(key, now, cancellationToken) is { } entry)
                {
                    list.Add(entry);
                }
            }
        }
        return [.. list.OrderBy(e => e.Until).ThenBy(e => e.Key, StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public async Task<bool> RevokeAsync(string key, CancellationToken cancellationToken) =>
        await Database.KeyDeleteAsync(Prefix + key).WaitAsync(cancellationToken);

    /// <inheritdoc/>
    public Task<int> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(0);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection)
        {
            await _redis.DisposeAsync();
        }
    }

    private static RelayAuthorization? Read(string key, HashEntry[] fields)
    {
        var until = fields.FirstOrDefault(f => f.Name == "until").Value;
        var node = fields.FirstOrDefault(f => f.Name == "node").Value;
        return until.IsNull || !long.TryParse((string?)until, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? null
            : new RelayAuthorization(key, DateTimeOffset.FromUnixTimeMilliseconds(ms), node.IsNull ? "" : (string)node!);
    }
}
