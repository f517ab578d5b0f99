using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sekisho.Protocol.Pop3;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Protocol.Tests.Properties;

/// <summary>
/// Round trip of dot-stuffing: content with CRLF line endings, stuffed as a client stuffs it (with the code base's own
/// stuffer, <see cref="Pop3DotStuffer"/>, which writes the same wire form: a dot before each line that starts with
/// one, then <c>CRLF.CRLF</c>) and fed to the server's <see cref="DataReader"/> in chunks of any size, comes back
/// unchanged, plus the CRLF that the terminator needs when the content does not end with one.
/// </summary>
public sealed class DotStuffingProperties
{
    /// <summary>Line bytes, weighted toward dots; CR and LF never appear inside a line.</summary>
    private static readonly byte[] LineBytes = [(byte)'.', (byte)'.', (byte)'.', (byte)'a', (byte)' ', 0, 0x7F, 0xC3, 0xA9, 0xFF];

    private static Arbitrary<byte[]> Contents() =>
        Gen.Elements(LineBytes).ArrayOf().ListOf()
            .Select(lines => lines.Select(line => (byte[])line).ToList())
            .SelectMany(lines => Gen.Elements(false, true), (lines, trailingCrlf) => Join(lines, trailingCrlf))
            .ToArbitrary();

    private static Arbitrary<int[]> ChunkSizes() => Gen.Choose(1, 9).ArrayOf().ToArbitrary();

    [Property(MaxTest = 500)]
    public Property Stuffed_content_reads_back_unchanged() =>
        Prop.ForAll(Contents(), ChunkSizes(), Gen.Elements(BareNewlinePolicy.Reject, BareNewlinePolicy.Normalize).ToArbitrary(),
            (content, chunks, policy) =>
            {
                var wire = Stuff(content);
                var (status, consumed, read) = Read(wire, chunks, policy);
                var expected = content.Length == 0 || content.AsSpan().EndsWith("\r\n"u8) ? content : [.. content, (byte)'\r', (byte)'\n'];
                return status == DataReadStatus.Complete && consumed == wire.Length && read.AsSpan().SequenceEqual(expected);
            });

    [Property(MaxTest = 200)]
    public Property What_follows_the_terminator_is_left_for_the_next_command() =>
        Prop.ForAll(Contents(), ChunkSizes(), (content, chunks) =>
        {
            var wire = Stuff(content);
            var (status, consumed, _) = Read([.. wire, .. "QUIT\r\n"u8], chunks, BareNewlinePolicy.Reject);
            return status == DataReadStatus.Complete && consumed == wire.Length;
        });

    private static byte[] Join(List<byte[]> lines, bool trailingCrlf)
    {
        var content = new List<byte>();
        for (var i = 0; i < lines.Count; i++)
        {
            content.AddRange(lines[i]);
            if (i < lines.Count - 1 || trailingCrlf)
            {
                content.AddRange("\r\n"u8.ToArray());
            }
        }
        return [.. content];
    }

    private static byte[] Stuff(byte[] content)
    {
        var wire = new ArrayBufferWriter<byte>();
        var stuffer = new Pop3DotStuffer();
        stuffer.Write(content, wire);
        stuffer.Complete(wire);
        return wire.WrittenSpan.ToArray();
    }

    private static (DataReadStatus Status, int Consumed, byte[] Content) Read(byte[] wire, int[] chunks, BareNewlinePolicy policy)
    {
        var reader = new DataReader(policy);
        var output = new ArrayBufferWriter<byte>();
        var position = 0;
        var status = DataReadStatus.NeedMoreData;
        for (var i = 0; position < wire.Length && status == DataReadStatus.NeedMoreData; i++)
        {
            var size = chunks.Length == 0 ? wire.Length : chunks[i % chunks.Length];
            status = reader.Process(wire.AsSpan(position, Math.Min(size, wire.Length - position)), output, out var consumed);
            position += consumed;
        }
        return (status, position, output.WrittenSpan.ToArray());
    }
}
