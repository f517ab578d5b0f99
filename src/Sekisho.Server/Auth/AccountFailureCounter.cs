using System.Collections.Concurrent;

namespace Sekisho.Server.Auth;

/// <summary>
/// Counts failed logins per account name across all client addresses within a window, so a slow attack spread over
/// many addresses (each below the per-address limit) still shows in the log. It only counts and reports: locking an
/// account would let anyone lock its owner out. In memory, thread-safe, bounded.
/// </summary>
public sealed class AccountFailureCounter
{
    private const int MaxAccounts = 10_000;

    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the counter.</summary>
    public AccountFailureCounter(TimeSpan window, TimeProvider? time = null)
    {
        _window = window;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Records a failure for <paramref name="account"/> and returns how many it has within the window.</summary>
    public int Record(string account)
    {
        var now = _time.GetUtcNow();
        if (_failures.Count > MaxAccounts)
        {
            _failures.Clear(); // a flood of made-up names: start again rather than grow without bound
        }
        var queue = _failures.GetOrAdd(account, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            while (queue.Count > 0 && now - queue.Peek() > _window)
            {
                queue.Dequeue();
            }
            queue.Enqueue(now);
            return queue.Count;
        }
    }
}
