namespace Sekisho.Queue;

/// <summary>What a transport is asked to deliver.</summary>
/// <param name="Message">The queued message (content via <see cref="QueuedMessage.OpenContent"/>).</param>
/// <param name="Recipients">The recipients for this transport with their index in the envelope.</param>
/// <param name="MayHaveBeenDelivered">True when an earlier attempt may have delivered some of them before a crash,
/// so the transport must check for its own earlier work (e.g. the Maildir file already there).</param>
public sealed record DeliveryRequest(QueuedMessage Message, IReadOnlyList<(int Index, QueueRecipient Recipient)> Recipients, bool MayHaveBeenDelivered);
