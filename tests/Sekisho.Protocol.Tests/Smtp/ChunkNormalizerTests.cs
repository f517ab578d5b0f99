using System.Buffers;
using System.Text;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Protocol.Tests.Smtp;

public sealed class ChunkNormalizerTests
{
    private const BareNewlinePolicy Normalize = BareNewlinePolicy.Normalize;
    private const BareNewlinePolicy Reject = BareNewlinePolicy.Reject;

    /// <summary>Columns: chunks separated by '|', policy, accepted (every Process and Complete true), content written.</summary>
    [Theory]
    [InlineData("a\r\nb\r\n", Normalize, true, "a\r\nb\r\n")]
    [InlineData("a\r\nb\r\n", Reject, true, "a\r\nb\r\n")]
    [InlineData("a\r|\nb", Normalize, true, "a\r\nb")]
    [InlineData("a\r|\nb", Reject, true, "a\r\nb")]
    [InlineData("a\r||\nb", Reject, true, "a\r\nb")]
    [InlineData("", Normalize, true, "")]
    [InlineData("||", Reject, true, "")]
    // No dot handling and no end marker in BDAT content.
    [InlineData("..a\r\n.\r\n|b", Reject, true, "..a\r\n.\r\nb")]
    // Bare CR and LF.
    [InlineData("a\nb", Normalize, true, "a\r\nb")]
    [InlineData("a\nb", Reject, false, "a")]
    [InlineData("a\rb", Normalize, true, "a\r\nb")]
    [InlineData("a\rb", Reject, false, "a")]
    [InlineData("a\r|b", Normalize, true, "a\r\nb")]
    [InlineData("a\r|b", Reject, false, "a")]
    [InlineData("\n", Normalize, true, "\r\n")]
    [InlineData("a|\n", Normalize, true, "a\r\n")]
    [InlineData("\r\r\n", Normalize, true, "\r\n\r\n")]
    [InlineData("\r|\r|\n", Normalize, true, "\r\n\r\n")]
    [InlineData("\r|\r|\n", Reject, false, "")]
    [InlineData("\n\r", Normalize, true, "\r\n\r\n")]
    [InlineData("a\r\n.\nMAIL FROM:<x@y>\r\n", Normalize, true, "a\r\n.\r\nMAIL FROM:<x@y>\r\n")]
    // A CR at the very end is flushed by Complete.
    [InlineData("a\r", Normalize, true, "a\r\n")]
    [InlineData("a\r", Reject, false, "a")]
    [InlineData("a|\r|", Normalize, true, "a\r\n")]
    public void Normalizes_chunks(string chunks, BareNewlinePolicy policy, bool accepted, string content)
    {
        var pieces = chunks.Split('|').Select(Encoding.Latin1.GetBytes).ToArray();
        Assert.Equal((accepted, content), Feed(pieces, policy));

        // The same bytes one at a time give the same result.
        var bytes = pieces.SelectMany(p => p).Select(b => new[] { b }).ToArray();
        Assert.Equal((accepted, content), Feed(bytes, policy));
    }

    [Fact]
    public void Rejection_is_final()
    {
        var normalizer = new ChunkNormalizer(Reject);
        var output = new ArrayBufferWriter<byte>();
        Assert.False(normalizer.Process("a\n"u8, output));
        Assert.False(normalizer.Process("b\r\n"u8, output));
        Assert.False(normalizer.Complete(output));
        Assert.Equal("a", Encoding.Latin1.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Large_chunks()
    {
        var line = Encoding.ASCII.GetBytes(new string('x', 76) + "\n");
        var input = Enumerable.Repeat(line, 50_000).SelectMany(l => l).ToArray();
        var normalizer = new ChunkNormalizer(Normalize);
        var output = new ArrayBufferWriter<byte>();
        for (var offset = 0; offset < input.Length; offset += 10_000)
        {
            Assert.True(normalizer.Process(input.AsSpan(offset, Math.Min(10_000, input.Length - offset)), output));
        }
        Assert.True(normalizer.Complete(output));
        Assert.Equal(50_000 * 78, output.WrittenCount);
        Assert.Equal(output.WrittenCount, normalizer.ContentLength);
        Assert.True(output.WrittenSpan[76..78].SequenceEqual("\r\n"u8));
    }

    private static (bool Accepted, string Content) Feed(byte[][] chunks, BareNewlinePolicy policy)
    {
        var normalizer = new ChunkNormalizer(policy);
        var output = new ArrayBufferWriter<byte>();
        var accepted = true;
        foreach (var chunk in chunks)
        {
            accepted &= normalizer.Process(chunk, output);
        }
        accepted &= normalizer.Complete(output);
        Assert.Equal(output.WrittenCount, normalizer.ContentLength);
        return (accepted, Encoding.Latin1.GetString(output.WrittenSpan));
    }
}
