namespace Sekisho.Queue;

/// <summary>
/// At most <c>default_destination_concurrency_limit</c> deliveries at once to one destination (a next hop such as
/// <c>[relay.example]:587</c> or an MX domain), as Postfix's queue manager schedules them. Entries exist only while
/// a destination is busy, so a queue for many domains does not leave one behind for each.
/// </summary>
public sealed class DestinationLimiter
{
    private readonly int _limit;
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the limiter.</summary>
    /// <param name="limit">Most deliveries at once per destination (at least 1).</param>
    public DestinationLimiter(int limit) => _limit = Math.Max(1, limit);

    /// <summary>Deliveries in progress to <paramref name="destination"/>.</summary>
    /// <param name="destination">The destination key.</param>
    public int InUse(string destination)
    {
        lock (_slots)
        {
            return _slots.TryGetValue(destination, out var slot) ? slot.Active : 0;
        }
    }

    /// <summary>Waits for a free place for <paramref name="destination"/>; dispose the result to give it back.</summary>
    /// <param name="destination">The destination key.</param>
    /// <param name="cancellationToken">Shutdown.</param>
    public async Task<IDisposable> EnterAsync(string destination, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_slots)
        {
            if (!_slots.TryGetValue(destination, out var slot))
            {
                _slots[destination] = slot = new Slot();
            }
            if (slot.Active < _limit)
            {
                slot.Active++;
                return new Lease(this, destination);
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            slot.Waiters.Enqueue(waiter);
        }
        try
        {
            await waiter.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (_slots)
            {
                // Handed a place just as the wait was cancelled: pass it on.
                if (waiter.Task.IsCompletedSuccessfully)
                {
                    Leave(destination);
                }
                else
                {
                    waiter.TrySetCanceled(cancellationToken);
                }
            }
            throw;
        }
        return new Lease(this, destination);
    }

    private void Leave(string destination)
    {
        lock (_slots)
        {
            var slot = _slots[destination];
            while (slot.Waiters.TryDequeue(out var next))
            {
                if (next.TrySetResult())
                {
                    return; // the place goes straight to the next waiter
                }
            }
            if (--slot.Active == 0)
            {
                _slots.Remove(destination);
            }
        }
    }

    private sealed class Slot
    {
        public int Active;
        public readonly Queue<TaskCompletionSource> Waiters = new();
    }

    private sealed class Lease(DestinationLimiter owner, string destination) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave(destination);
            }
        }
    }
}
