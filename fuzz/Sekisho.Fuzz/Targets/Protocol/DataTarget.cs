using System.Buffers;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Fuzz.Targets;

/// <summary>
/// <c>data</c>: the bytes a client sends after DATA through <see cref="DataReader"/> under both bare-newline policies,
/// fed whole, in small chunks and byte by byte. Invariants: the three feeds agree on status, consumed count and
/// content; <see cref="DataReader.ContentLength"/> is the content's length; the content has no bare CR or LF; a
/// complete message ends with CRLF (or is empty); under <see cref="BareNewlinePolicy.Reject"/> an accepted message
/// had no bare CR or LF on the wire.
/// </summary>
internal sealed class DataTarget : IFuzzTarget
{
    /// <inheritdoc/>
    public string Name => "data";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length > FuzzInput.MaxLength)
        {
            return;
        }
        foreach (var policy in new[] { BareNewlinePolicy.Normalize, BareNewlinePolicy.Reject })
        {
            var whole = Feed(data, policy, static (input, _) => input.Length);
            var chunked = Feed(data, policy, FuzzInput.ChunkSize);
            var bytewise = Feed(data, policy, static (_, _) => 1);
            foreach (var other in new[] { chunked, bytewise })
            {
                FuzzInvariantException.Check(
                    other.Status == whole.Status && other.Consumed == whole.Consumed && other.Content.AsSpan().SequenceEqual(whole.Content),
                    $"{policy}: fed in pieces gives {other.Status}/{other.Consumed}/{other.Content.Length} bytes, whole {whole.Status}/{whole.Consumed}/{whole.Content.Length} bytes");
            }
            FuzzInvariantException.Check(FuzzInput.HasOnlyCrlf(whole.Content), $"{policy}: the content has a bare CR or LF");
            if (whole.Status == DataReadStatus.Complete)
            {
                FuzzInvariantException.Check(whole.Content.Length == 0 || whole.Content.AsSpan().EndsWith("\r\n"u8),
                    $"{policy}: a complete message does not end with CRLF");
                FuzzInvariantException.Check(policy == BareNewlinePolicy.Normalize || FuzzInput.HasOnlyCrlf(data[..whole.Consumed]),
                    "Reject: a message with a bare CR or LF was accepted");
            }
        }
    }

    private static (DataReadStatus Status, int Consumed, byte[] Content) Feed(ReadOnlySpan<byte> data, BareNewlinePolicy policy, Func<byte[], int, int> chunkSize)
    {
        var reader = new DataReader(policy);
        var output = new ArrayBufferWriter<byte>();
        var input = data.ToArray();
        var position = 0;
        var status = DataReadStatus.NeedMoreData;
        for (var index = 0; position < input.Length; index++)
        {
            var piece = input.AsSpan(position, Math.Min(chunkSize(input, index), input.Length - position));
            status = reader.Process(piece, output, out var consumed);
            FuzzInvariantException.Check(consumed >= 0 && consumed <= piece.Length, $"consumed {consumed} of {piece.Length}");
            FuzzInvariantException.Check(status != DataReadStatus.NeedMoreData || consumed == piece.Length, "NeedMoreData without consuming everything");
            position += consumed;
            if (status != DataReadStatus.NeedMoreData)
            {
                var again = reader.Process(input.AsSpan(position), output, out var more);
                FuzzInvariantException.Check(again == status && more == 0, $"after {status} a later call gave {again} and consumed {more}");
                break;
            }
        }
        FuzzInvariantException.Check(reader.ContentLength == output.WrittenCount, $"ContentLength {reader.ContentLength}, written {output.WrittenCount}");
        return (status, position, output.WrittenSpan.ToArray());
    }
}
