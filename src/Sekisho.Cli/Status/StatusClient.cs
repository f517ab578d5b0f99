using Sekisho.Cli.Queue;
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
        return await QueueRequestClient.ExchangeAsync(queueDirectory, "status", async (reader, token) =>
        {
            var first = await reader.ReadLineAsync(token) ?? throw new IOException("the server closed the control socket without a reply");
            if (first != "OK 0 status")
            {
                throw new IOException("the running server does not answer status (an older version?): " + QueueControl.ParseReply(first).Text);
            }
            return await reader.ReadToEndAsync(token);
        }, cancellationToken);
    }
}
