namespace Sekisho.Queue;

/// <summary>Queue manager settings (Postfix names in the docs).</summary>
public sealed record QueueManagerOptions
{
    /// <summary>How many messages are delivered at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary><c>queue_run_delay</c>: how often the deferred queue is scanned.</summary>
    public TimeSpan QueueRunDelay { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>minimal_backoff_time</c>.</summary>
    public TimeSpan MinimalBackoff { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>maximal_backoff_time</c>.</summary>
    public TimeSpan MaximalBackoff { get; init; } = TimeSpan.FromSeconds(4000);
}
