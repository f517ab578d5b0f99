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
}
