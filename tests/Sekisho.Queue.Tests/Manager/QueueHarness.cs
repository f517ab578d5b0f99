using Microsoft.Extensions.Logging.Abstractions;

namespace Sekisho.Queue.Tests.Manager;

/// <summary>A spool in a temp folder and helpers to queue messages and run a manager until something holds.</summary>
internal sealed class QueueHarness : IDisposable
{
    private readonly TempFolder _folder = new();

    public QueueHarness() => Spool = new Spool(Path.Combine(_folder.Path, "queue"));

    public Spool Spool { get; }

    public void Dispose() => _folder.Dispose();

    public QueueManager Manager(QueueManagerOptions options, IBounceWriter? notices, params ITransport[] transports) =>
        new(Spool, transports, options, NullLogger.Instance) { Bounces = notices };

    public static QueueRecipient Smtp(string address, DsnNotify notify = DsnNotify.None) =>
        new(address, null, "smtp", address[(address.IndexOf('@') + 1)..], RecipientStatus.Pending, notify);

    public Task<string> QueueAsync(params QueueRecipient[] recipients) => QueueAsync("sender@example.org", recipients);

    public async Task<string> QueueAsync(string sender, params QueueRecipient[] recipients)
    {
        var envelope = SpoolTests.Envelope(recipients) with { ArrivalTime = DateTimeOffset.UtcNow, Sender = sender };
        return await SpoolTests.QueueAsync(Spool, envelope, "Subject: x\r\n\r\nbody\r\n");
    }

    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }

    /// <summary>Starts the manager; dispose the result to stop it.</summary>
    public static IAsyncDisposable Run(QueueManager manager)
    {
        var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);
        return new Stopper(stop, run);
    }

    private sealed class Stopper(CancellationTokenSource stop, Task run) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            stop.Cancel();
            await run;
            stop.Dispose();
        }
    }
}
