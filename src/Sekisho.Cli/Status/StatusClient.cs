using System.Net.Sockets;
using System.Text;
using Sekisho.Queue.Control;

namespace Sekisho.Cli.Status;

/// <summary>Asks the running server for its metrics over the control socket (<c>queue_directory/control.sock</c>).</summary>
internal static class StatusClient
{
    /// <summary>
    /// Sends <c>status</c> and returns the Prometheus text format, or null when no server holds the queue (nothing is
    /// created on the way: a missing queue directory means no server).
    /// </summary>
    /// <exception cref="IOException">A server runs but its control socket cannot be reached, or it does not know <c>status</c>.</exception>
    public static async Task<string?> StatusAsync(string queueDirectory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(queueDirectory))
        {
            return null;
        }
        using (var owner = QueueOwnerLock.TryAcquire(queueDirectory))
        {
            if (owner is not null)
            {
                return null;
            }
        }
        var path = Path.Combine(queueDirectory, QueueControl.SocketName);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), timeout.Token);
        }
        catch (SocketException exception)
        {
            throw new IOException($"a server holds {queueDirectory} but its control socket {path} does not answer: {exception.Message}", exception);
        }
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync("status\n"u8.ToArray(), timeout.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var first = await reader.ReadLineAsync(timeout.Token) ?? throw new IOException("the server closed the control socket without a reply");
        if (first != "OK 0 status")
        {
            throw new IOException("the running server does not answer status (an older version?): " + QueueControl.ParseReply(first).Text);
        }
        return await reader.ReadToEndAsync(timeout.Token);
    }
}
