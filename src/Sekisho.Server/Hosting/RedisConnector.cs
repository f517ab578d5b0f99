using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace Sekisho.Server.Hosting;

/// <summary>
/// Connects to the Redis the nodes of a cluster share, from the <c>redis_url</c> setting:
/// <c>redis://host:port/db</c>, <c>rediss://host:port/db</c> (TLS), with optional credentials
/// <c>redis://:password@host/db</c> or <c>redis://user:password@host/db</c> (percent-encoded where needed; a user part
/// without a colon is the password, as in <c>redis://password@host</c>).
/// The port defaults to 6379 and the database to 0. The connection does not fail when Redis is down at start:
/// it keeps retrying, and commands sent while it is down fail at once, so callers can answer "try later".
/// </summary>
public static class RedisConnector
{
    /// <summary>The port when the URL names none.</summary>
    public const int DefaultPort = 6379;

    /// <summary>How long one attempt to connect, and one command, may take (milliseconds).</summary>
    private const int TimeoutMilliseconds = 2000;

    /// <summary>Turns a <c>redis_url</c> into connection options.</summary>
    /// <param name="url">The URL.</param>
    /// <returns>The options: one endpoint, the database, the credentials, TLS for <c>rediss</c>.</returns>
    /// <exception cref="FormatException">The URL is not a <c>redis://</c> or <c>rediss://</c> URL with a host, or its database is not a number.</exception>
    public static ConfigurationOptions Options(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || uri.Host.Length == 0)
        {
            throw new FormatException($"bad Redis URL \"{url}\" (expected redis://host:port/db or rediss://...)");
        }
        var host = uri.DnsSafeHost;
        var port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port;
        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = TimeoutMilliseconds,
            SyncTimeout = TimeoutMilliseconds,
            AsyncTimeout = TimeoutMilliseconds,
            BacklogPolicy = BacklogPolicy.FailFast,
            DefaultDatabase = Database(uri, url),
            ClientName = "sekisho",
        };
        options.EndPoints.Add(IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port));
        if (uri.Scheme == "rediss")
        {
            options.Ssl = true;
            options.SslHost = host;
        }
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            var user = colon < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[..colon]);
            options.User = user.Length > 0 ? user : null;
            options.Password = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[(colon + 1)..]);
        }
        return options;
    }

    /// <summary>Connects to the Redis a <c>redis_url</c> names. Returns even when Redis is down (the connection keeps retrying).</summary>
    /// <param name="url">The URL.</param>
    /// <param name="cancellationToken">Stops waiting for the first connection attempt.</param>
    /// <exception cref="FormatException">The URL is bad.</exception>
    public static async Task<ConnectionMultiplexer> ConnectAsync(string url, CancellationToken cancellationToken)
    {
        var connecting = ConnectionMultiplexer.ConnectAsync(Options(url));
        try
        {
            return await connecting.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _ = connecting.ContinueWith(task => task.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion,
                TaskScheduler.Default);
            throw;
        }
    }

    private static int Database(Uri uri, string url)
    {
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length == 0)
        {
            return 0;
        }
        if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var database))
        {
            throw new FormatException($"bad Redis URL \"{url}\": the database \"{path}\" is not a number");
        }
        return database;
    }
}
