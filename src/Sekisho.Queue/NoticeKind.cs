namespace Sekisho.Queue;

/// <summary>The kind of delivery status notification the queue manager asks an <see cref="IBounceWriter"/> for.</summary>
public enum NoticeKind
{
    /// <summary>Recipients failed for good (a bounce). From the null sender: a double bounce to the postmaster.</summary>
    Failure,

    /// <summary>Recipients are still deferred after <c>delay_warning_time</c> (a delay warning).</summary>
    Delay,

    /// <summary>Recipients were delivered (local) or relayed to a next hop that could not take the DSN request on.</summary>
    Success,
}
