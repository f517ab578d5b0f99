using System.Collections.Concurrent;

namespace Sekisho.Queue.Tests.Manager;

/// <summary>
/// A transport the test drives: each delivery waits at <see cref="Gate"/> (open unless closed), records how many ran at
/// once per destination, and answers with <see cref="Answer"/>.
/// </summary>
internal sealed class ScriptedTransport : ITransport
{
    private readonly ConcurrentDictionary<string, int> _running = new();
    private readonly object _peakLock = new();
    private int _calls;

    public ScriptedTransport(string name = "smtp", bool perDestination = true)
    {
        Name = name;
        PerDestination = perDestination;
    }

    public string Name { get; }

    public bool PerDestination { get; }

    /// <summary>Deliveries wait here while it is closed (a semaphore with no free places).</summary>
    public SemaphoreSlim? Gate { get; set; }

    public Func<QueueRecipient, RecipientResult> Answer { get; set; } = _ => RecipientResult.Sent("scripted", "250 ok");

    public ConcurrentDictionary<string, int> Peaks { get; } = new();

    public ConcurrentQueue<string> Delivered { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    public int Waiting;

    public string? DestinationOf(QueueRecipient recipient, string sender) => PerDestination ? recipient.NextHop : null;

    public async Task<IReadOnlyList<RecipientResult>> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var destination = request.Recipients[0].Recipient.NextHop;
        var now = _running.AddOrUpdate(destination, 1, (_, n) => n + 1);
        lock (_peakLock)
        {
            Peaks[destination] = Math.Max(Peaks.GetValueOrDefault(destination), now);
        }
        try
        {
            if (Gate is { } gate)
            {
                Interlocked.Increment(ref Waiting);
                await gate.WaitAsync(cancellationToken);
                Interlocked.Decrement(ref Waiting);
            }
            var results = request.Recipients.Select(r => Answer(r.Recipient)).ToList();
            foreach (var (recipient, result) in request.Recipients.Select(r => r.Recipient).Zip(results))
            {
                if (result.Status == RecipientStatus.Sent)
                {
                    Delivered.Enqueue(request.Message.QueueId + " " + recipient.Address);
                }
            }
            return results;
        }
        finally
        {
            _running.AddOrUpdate(destination, 0, (_, n) => n - 1);
        }
    }
}
