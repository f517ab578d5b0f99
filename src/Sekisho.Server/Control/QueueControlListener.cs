using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Sekisho.Queue;
using Sekisho.Queue.Control;
using Sekisho.Server.Metrics;

namespace Sekisho.Server.Control;

/// <summary>
/// The running server's control socket (<c>queue_directory/control.sock</c>, a Unix-domain socket readable and
/// writable by its owner only): <c>sekisho queue flush|hold|release|delete|requeue</c> send one request line and get
/// one reply line, and the queue manager carries the request out, so an admin's change never races a delivery.
/// <c>sekisho reload</c> sends <c>reload</c>: the server reloads as on SIGHUP and replies <c>OK 0 WHAT</c>.
/// </summary>
/// <remarks>
/// <c>sekisho status</c> sends <c>status</c> and gets <c>OK 0 status</c> followed by the server's metrics in the
/// Prometheus text format, up to the end of the connection (when <see cref="Metrics"/> is set).
/// </remarks>
internal sealed class QueueControlListener : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly QueueManager _manager;
    private readonly ILogger _logger;
    private readonly Socket _socket;
    private readonly string _path;
    private Func<string>? _reload;

    private QueueControlListener(QueueManager manager, ILogger logger, Socket socket, string path)
    {
        _manager = manager;
        _logger = logger;
        _socket = socket;
        _path = path;
    }

    /// <summary>Binds the socket (replacing a stale one: the caller holds the queue's owner lock); null when it cannot.</summary>
    public static QueueControlListener? TryBind(string queueDirectory, QueueManager manager, ILogger logger, Func<string>? reload = null)
    {
        var path = Path.Combine(queueDirectory, QueueControl.SocketName);
        if (Encoding.UTF8.GetByteCount(path) > 100)
        {
            logger.LogWarning("control socket {Path}: path too long for a Unix-domain socket; sekisho queue flush/hold/release/delete/requeue need a shorter queue_directory", path);
            return null;
        }
        File.Delete(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            socket.Listen(16);
            return new QueueControlListener(manager, logger, socket, path) { _reload = reload };
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            logger.LogWarning("control socket {Path}: {Problem}; sekisho queue cannot reach this server", path, exception.Message);
            return null;
        }
    }

    /// <summary>Answers <c>status</c>; null: <c>status</c> is an unknown request. Set before <see cref="RunAsync"/>.</summary>
    public ServerMetrics? Metrics { get; set; }

    /// <summary>Serves requests until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: true);
            var request = await ReadLineAsync(stream, timeout.Token);
            if (Metrics is { } metrics && string.Equals(request?.Trim(), "status", StringComparison.OrdinalIgnoreCase))
            {
                await stream.WriteAsync("OK 0 status\n"u8.ToArray(), timeout.Token);
                await metrics.WriteAsync(stream, timeout.Token);
                return;
            }
            var reply = request is null ? "ERR request too long or incomplete"
                : _reload is not null && request.Trim() == "reload" ? "OK 0 " + _reload()
                : QueueControl.Execute(_manager, request);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(reply + "\n"), timeout.Token);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
        {
            _logger.LogWarning("control socket: request abandoned: {Problem}", exception.Message);
        }
    }

    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[QueueControl.MaxRequestLength];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return null;
            }
            length += read;
            var end = Array.IndexOf(buffer, (byte)'\n', 0, length);
            if (end >= 0)
            {
                return Encoding.UTF8.GetString(buffer, 0, end).TrimEnd('\r');
            }
        }
        return null;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }
}
