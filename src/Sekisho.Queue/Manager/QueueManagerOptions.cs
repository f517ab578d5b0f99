namespace Sekisho.Queue;

/// <summary>Queue manager settings (Postfix names in the docs).</summary>
public sealed record QueueManagerOptions
{
    /// <summary>How many messages are delivered at once (Postfix: the delivery agents' process limit).</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary><c>default_destination_concurrency_limit</c>: most deliveries at once to one destination.</summary>
    public int DestinationConcurrency { get; init; } = 20;

    /// <summary><c>defer_transports</c>: transports not tried until a flush.</summary>
    public IReadOnlySet<string> DeferTransports { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary><c>delay_warning_time</c>: when the sender is told mail is delayed; zero = never.</summary>
    public TimeSpan DelayWarningTime { get; init; }

    /// <summary><c>queue_run_delay</c>: how often the deferred queue is scanned.</summary>
    public TimeSpan QueueRunDelay { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>minimal_backoff_time</c>.</summary>
    public TimeSpan MinimalBackoff { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>maximal_backoff_time</c>.</summary>
    public TimeSpan MaximalBackoff { get; init; } = TimeSpan.FromSeconds(4000);

    /// <summary><c>maximal_queue_lifetime</c>: a recipient still deferred after this long is bounced as expired.</summary>
    public TimeSpan MaximalQueueLifetime { get; init; } = TimeSpan.FromDays(5);

    /// <summary><c>bounce_queue_lifetime</c>: the same for mail from the null sender (bounces), which is then dropped.</summary>
    public TimeSpan BounceQueueLifetime { get; init; } = TimeSpan.FromDays(5);
}
