namespace Sekisho.Queue.Control;

/// <summary>One message as <c>sekisho queue list</c> shows it.</summary>
/// <param name="QueueId">The id.</param>
/// <param name="State">Where it is.</param>
/// <param name="Size">Message size in bytes (the content only, as the queue file's header records it).</param>
/// <param name="Envelope">Sender and recipients with their status.</param>
/// <param name="DeferReasons">
/// The last deferral reason by recipient address (may be empty), from the queue file's trailer or, for a message
/// queued by an earlier version, its <c>defer/ID</c> file.
/// </param>
public sealed record QueueEntry(string QueueId, QueueState State, long Size, QueueEnvelope Envelope, IReadOnlyDictionary<string, string> DeferReasons);
