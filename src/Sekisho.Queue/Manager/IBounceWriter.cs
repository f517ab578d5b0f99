namespace Sekisho.Queue;

/// <summary>
/// Queues a delivery status notification (RFC 3464): a bounce for recipients that failed for good, a delay warning,
/// or a success report. The queue manager decides which recipients asked for one (RFC 3461 NOTIFY) and calls it once
/// per kind and delivery pass; the writer decides where the report goes (the original sender; the postmaster for a
/// failed message from the null sender, marked <see cref="QueueEnvelope.IsPostmasterNotice"/>) and queues it with
/// the null sender, so a report that fails in turn is never reported to a sender again.
/// </summary>
public interface IBounceWriter
{
    /// <summary>Queues the report; returns its queue id, or null when there is no one to tell.</summary>
    /// <param name="original">The message concerned (its content is still readable).</param>
    /// <param name="recipients">The recipients the report is about, with their latest result.</param>
    /// <param name="kind">Failure, delay or success.</param>
    /// <param name="cancellationToken">Shutdown.</param>
    Task<string?> WriteAsync(QueuedMessage original, IReadOnlyList<(QueueRecipient Recipient, RecipientResult Result)> recipients, NoticeKind kind,
        CancellationToken cancellationToken);
}
