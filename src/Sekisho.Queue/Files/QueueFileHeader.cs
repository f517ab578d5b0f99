namespace Sekisho.Queue.Files;

/// <summary>What the header of a queue file says and where things are in the file.</summary>
/// <param name="QueueId">The id.</param>
/// <param name="Envelope">The envelope.</param>
/// <param name="BodyOffset">Where the message starts.</param>
/// <param name="BodySize">The message length in bytes.</param>
/// <param name="StatusOffsets">File offset of each recipient's status byte, in recipient order.</param>
/// <param name="WarnedOffset">File offset of the delay-warning flag, -1 in files of earlier versions.</param>
/// <param name="DelayWarned">Whether a delay warning was sent.</param>
internal sealed record QueueFileHeader(string QueueId, QueueEnvelope Envelope, long BodyOffset, long BodySize, IReadOnlyList<long> StatusOffsets,
    long WarnedOffset, bool DelayWarned);
