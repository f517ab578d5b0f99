namespace Sekisho.Queue;

/// <summary>
/// Queues a non-delivery report (RFC 3464) for recipients that failed for good. The queue manager calls it once per
/// delivery pass that bounced something; the writer decides where the report goes (the original sender) and queues
/// it with the null sender, so a report that fails in turn is never reported again.
/// </summary>
public interface IBounceWriter
{
    /// <summary>Queues the report; returns its queue id, or null when there is no one to tell.</summary>
    /// <param name="original">The message that could not be delivered (its content is still readable).</param>
    /// <param name="failed">The recipients that failed for good, with the reason.</param>
    /// <param name="cancellationToken">Shutdown.</param>
    Task<string?> WriteAsync(QueuedMessage original, IReadOnlyList<(QueueRecipient Recipient, RecipientResult Result)> failed, CancellationToken cancellationToken);
}
