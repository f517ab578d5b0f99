using Sekisho.Config;
using Sekisho.Server.Hosting;

namespace Sekisho.Server.RelayAuth;

/// <summary>Opens the store <c>relay_authorization_store</c> names.</summary>
public static class RelayAuthorizationStores
{
    /// <summary>The SQLite file used when no Redis store is set.</summary>
    public static string DefaultPath(SekishoSettings settings) => Path.Combine(settings.DataDirectory, "relay-auth.db");

    /// <summary>Opens the store: Redis for a <c>redis://</c> URL, else the SQLite file in the data directory.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Start-up end.</param>
    public static async Task<IRelayAuthorizationStore> OpenAsync(SekishoSettings settings, CancellationToken cancellationToken)
    {
        var url = settings.Pop.Store;
        if (url.Length == 0)
        {
            return new SqliteRelayAuthorizationStore(DefaultPath(settings));
        }
        var redis = await RedisConnector.ConnectAsync(url, cancellationToken);
        return new RedisRelayAuthorizationStore(redis, ownsConnection: true);
    }
}
