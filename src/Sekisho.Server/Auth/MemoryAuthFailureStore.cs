using System.Collections.Concurrent;
using System.Net;

namespace Sekisho.Server.Auth;

/// <summary>Failed-AUTH counts in this process's memory. Thread-safe; entries of quiet clients are dropped as the table grows.</summary>
public sealed class MemoryAuthFailureStore : IAuthFailureStore
{
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<IPAddress, Record> _clients = new();

    /// <inheritdoc/>
    public Task<int> AddFailureAsync(IPAddress client, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        if (_clients.Count > PruneAbove)
        {
            Prune(now, window);
        }
        var record = _clients.GetOrAdd(client, _ => new Record());
        lock (record)
        {
            while (record.Failures.Count > 0 && now - record.Failures.Peek() > window)
            {
                record.Failures.Dequeue();
            }
            record.Failures.Enqueue(now);
            record.LastSeen = now;
            return Task.FromResult(record.Failures.Count);
        }
    }

    /// <inheritdoc/>
    public Task<AuthLockout?> GetLockoutAsync(IPAddress client, CancellationToken cancellationToken)
    {
        if (!_clients.TryGetValue(client, out var record))
        {
            return Task.FromResult<AuthLockout?>(null);
        }
        lock (record)
        {
            return Task.FromResult(record.Lockout);
        }
    }

    /// <inheritdoc/>
    public Task SetLockoutAsync(IPAddress client, AuthLockout lockout, TimeSpan keep, CancellationToken cancellationToken)
    {
        var record = _clients.GetOrAdd(client, _ => new Record());
        lock (record)
        {
            record.Lockout = lockout;
            record.Failures.Clear();
            record.KeepUntil = lockout.Until + keep;
        }
        return Task.CompletedTask;
    }

    private void Prune(DateTimeOffset now, TimeSpan window)
    {
        foreach (var (address, record) in _clients)
        {
            lock (record)
            {
                if (now - record.LastSeen > window && now > record.KeepUntil)
                {
                    _clients.TryRemove(address, out _);
                }
            }
        }
    }

    private sealed class Record
    {
        public Queue<DateTimeOffset> Failures { get; } = new();

        public AuthLockout? Lockout { get; set; }

        public DateTimeOffset LastSeen { get; set; }

        public DateTimeOffset KeepUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
