namespace Sekisho.Queue;

/// <summary>
/// Told of each delivery attempt's outcome as the queue manager logs it (<c>status=sent|deferred|bounced</c>), so the
/// server can count deliveries without the queue knowing how they are counted.
/// </summary>
public interface IDeliveryObserver
{
    /// <summary>One recipient's attempt ended; must be quick and must not throw.</summary>
    /// <param name="transport">The recipient's transport (<c>local</c>, <c>smtp</c>, <c>pipe</c>, <c>file</c>, or a <c>transport_maps</c> name).</param>
    /// <param name="status">Sent, Bounced, or Pending for deferred.</param>
    /// <param name="delay">The time from the message's arrival to this outcome.</param>
    void DeliveryAttempted(string transport, RecipientStatus status, TimeSpan delay);
}
