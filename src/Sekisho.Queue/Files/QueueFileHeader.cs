namespace Sekisho.Queue.Files;

/// <summary>What the header of a queue file says and where things are in the file.</summary>
/// <param name="QueueId">The id.</param>
/// <param name="Envelope">The envelope.</param>
/// <param name="BodyOffset">Where the message starts.</param>
/// <param name="BodySize">The message length in bytes.</param>
/// <param name="StatusOffsets">File offset of each recipient's status byte, in recipient order.</param>
internal sealed record QueueFileHeader(string QueueId, QueueEnvelope Envelope, long BodyOffset, long BodySize, IReadOnlyList<long> StatusOffsets);
