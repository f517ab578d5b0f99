using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Sekisho.Queue;
using Sekisho.Queue.Control;

namespace Sekisho.Cli.Queue;

/// <summary>
/// Sends an admin request to the queue: through the running server's control socket when a server holds the queue
/// (so the request never races a delivery), or straight to the queue folders when none does (holding the queue's lock
/// meanwhile, so a server cannot start in between).
/// </summary>
internal static class QueueRequestClient
{
    /// <summary>Carries out <paramref name="request"/>; returns the reply and whether a running server answered it.</summary>
    /// <exception cref="IOException">A server runs but its control socket cannot be reached.</exception>
    public static async Task<(string Reply, bool ServerRunning)> SendAsync(string queueDirectory, string request, CancellationToken cancellationToken)
    {
        using (var owner = QueueOwnerLock.TryAcquire(queueDirectory))
        {
            if (owner is not null)
            {
                var manager = new QueueManager(new Spool(queueDirectory), [], new QueueManagerOptions(), NullLogger.Instance);
                return (QueueControl.Execute(manager, request), false);
            }
        }
        return (await AskServerAsync(queueDirectory, request, cancellationToken), true);
    }

    /// <summary>Sends <paramref name="request"/> to the running server's control socket and returns its reply line.</summary>
    /// <exception cref="IOException">The control socket cannot be reached, or closes without a reply.</exception>
    public static Task<string> AskServerAsync(string queueDirectory, string request, CancellationToken cancellationToken) =>
        ExchangeAsync(queueDirectory, request,
            async (reader, token) => await reader.ReadLineAsync(token) ?? throw new IOException("the server closed the control socket without a reply"),
            cancellationToken);

    /// <summary>
    /// Connects to the running server's control socket, sends <paramref name="request"/> and lets
    /// <paramref name="readReply"/> read the answer, all within 30 seconds.
    /// </summary>
    /// <exception cref="IOException">The control socket cannot be reached.</exception>
    public static async Task<T> ExchangeAsync<T>(string queueDirectory, string request, Func<StreamReader, CancellationToken, Task<T>> readReply,
        CancellationToken cancellationToken)
    {
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
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"), timeout.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await readReply(reader, timeout.Token);
    }
}
