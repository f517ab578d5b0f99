namespace Sekisho.Queue;

/// <summary>A delivery method (<c>local</c>, <c>smtp</c>...). The queue manager hands it a message and some of its recipients.</summary>
public interface ITransport
{
    /// <summary>The transport name as written in queue files, e.g. <c>local</c>.</summary>
    string Name { get; }

    /// <summary>Delivers <paramref name="request"/>'s recipients.</summary>
    /// <param name="request">The message and the recipients for this transport.</param>
    /// <param name="cancellationToken">Server shutdown.</param>
    /// <returns>One result per recipient of the request, in the same order.</returns>
    Task<IReadOnlyList<RecipientResult>> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The destination a recipient is delivered to, for per-destination concurrency (e.g. the next hop
    /// <c>[relay.example]:587</c>); null when the transport needs no such limit (local delivery).
    /// Recipients of one message with the same destination are handed over together.
    /// </summary>
    /// <param name="recipient">The recipient.</param>
    /// <param name="sender">The envelope sender (sender-dependent routes).</param>
    string? DestinationOf(QueueRecipient recipient, string sender) => null;
}
