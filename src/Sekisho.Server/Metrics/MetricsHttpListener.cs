using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Sekisho.Config;
using Sekisho.Server.Hosting;

namespace Sekisho.Server.Metrics;

/// <summary>
/// The HTTP endpoint of <c>metrics_listen</c>: <c>GET /metrics</c> answers the Prometheus text format, <c>GET /health</c>
/// answers <c>OK</c> while the server runs; anything else is 404 (405 for a method other than GET and HEAD). One request
/// per connection (<c>Connection: close</c>), at most <see cref="MaxConnections"/> at once, 10 seconds for each.
/// </summary>
internal sealed class MetricsHttpListener
{
    /// <summary>Scrapes served at once; more are closed without an answer.</summary>
    public const int MaxConnections = 16;

    private const int MaxRequestHead = 8192;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly ServerMetrics _metrics;
    private readonly ILogger _log;
    private readonly TcpAcceptor _acceptor;
    private int _active;

    /// <summary>Binds the endpoint (so a busy port fails at start-up).</summary>
    /// <exception cref="Smtp.ListenerBindException">The address cannot be bound.</exception>
    public MetricsHttpListener(ServerMetrics metrics, ListenEndpoint endpoint, ILogger log)
    {
        _metrics = metrics;
        _log = log;
        _acceptor = new TcpAcceptor(endpoint);
    }

    /// <summary>The bound endpoint.</summary>
    public IPEndPoint LocalEndPoint => _acceptor.LocalEndPoint;

    /// <summary>Serves scrapes until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _log.LogInformation("listening on {Endpoint} (metrics)", LocalEndPoint);
        await _acceptor.RunAsync(client => ServeAsync(client, cancellationToken), _log, cancellationToken);
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await using var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            if (Interlocked.Increment(ref _active) > MaxConnections)
            {
                return;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RequestTimeout);
            var head = await ReadHeadAsync(stream, timeout.Token);
            await AnswerAsync(stream, head, timeout.Token);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        catch (Exception exception)
        {
            _log.LogError(exception, "metrics request on {Endpoint} failed unexpectedly", LocalEndPoint);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private async Task AnswerAsync(Stream stream, string? head, CancellationToken cancellationToken)
    {
        var words = head?.Split('\n', 2)[0].TrimEnd('\r').Split(' ') ?? [];
        if (words.Length != 3 || !words[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            await WriteAsync(stream, "400 Bad Request", "text/plain; charset=utf-8", "bad request\n"u8.ToArray(), true, cancellationToken);
            return;
        }
        var (method, target) = (words[0], words[1]);
        var path = target.Split('?', 2)[0];
        var withBody = method != "HEAD";
        if (method is not ("GET" or "HEAD"))
        {
            await WriteAsync(stream, "405 Method Not Allowed", "text/plain; charset=utf-8", "only GET and HEAD\n"u8.ToArray(), true, cancellationToken);
            return;
        }
        switch (path)
        {
            case "/metrics":
                using (var body = new MemoryStream())
                {
                    await _metrics.WriteAsync(body, cancellationToken);
                    await WriteAsync(stream, "200 OK", "text/plain; version=0.0.4; charset=utf-8", body.ToArray(), withBody, cancellationToken);
                }
                return;
            case "/health":
                await WriteAsync(stream, "200 OK", "text/plain; charset=utf-8", "OK\n"u8.ToArray(), withBody, cancellationToken);
                return;
            default:
                await WriteAsync(stream, "404 Not Found", "text/plain; charset=utf-8", "not found: try /metrics\n"u8.ToArray(), withBody, cancellationToken);
                return;
        }
    }

    private static async Task WriteAsync(Stream stream, string status, string contentType, byte[] body, bool withBody, CancellationToken cancellationToken)
    {
        var head = $"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        if (withBody)
        {
            await stream.WriteAsync(body, cancellationToken);
        }
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>The request line and headers, up to the empty line; null when the client sent too much or closed early.</summary>
    private static async Task<string?> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestHead];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return null;
            }
            length += read;
            var text = Encoding.Latin1.GetString(buffer, 0, length);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal) || text.Contains("\n\n", StringComparison.Ordinal))
            {
                return text;
            }
        }
        return null;
    }
}
