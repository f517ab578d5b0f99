using Sekisho.Queue.Pickup;

namespace Sekisho.Fuzz.Targets;

/// <summary>
/// <c>maildrop</c>: a file in the maildrop folder, which anyone on the host can write and the server's pickup reads
/// (<see cref="MaildropFormat.TryReadEnvelope"/>). Invariants: a refusal says why; an accepted envelope has a
/// recipient, leaves the stream inside the input, and reads back the same once written again.
/// </summary>
internal sealed class MaildropTarget : IFuzzTarget
{
    /// <inheritdoc/>
    public string Name => "maildrop";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length > FuzzInput.MaxLength)
        {
            return;
        }
        using var stream = new MemoryStream(data.ToArray());
        if (!MaildropFormat.TryReadEnvelope(stream, out var envelope, out var error))
        {
            FuzzInvariantException.Check(error.Length > 0, "refused without a reason");
            return;
        }
        FuzzInvariantException.Check(envelope.Recipients.Count > 0, "accepted without recipients");
        FuzzInvariantException.Check(stream.Position <= data.Length, $"content starts at {stream.Position}, past the end ({data.Length})");
        var written = MaildropFormat.WriteEnvelope(envelope);
        using var again = new MemoryStream(written);
        FuzzInvariantException.Check(MaildropFormat.TryReadEnvelope(again, out var reread, out var problem), "written again, refused: " + problem);
        FuzzInvariantException.Check(reread.Recipients.SequenceEqual(envelope.Recipients) && reread with { Recipients = envelope.Recipients } == envelope,
            "written again, read back different");
        FuzzInvariantException.Check(again.Position == written.Length, "written again, the content does not start after the envelope");
    }
}
