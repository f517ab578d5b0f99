using System.Text;
using Sekisho.Delivery.Smtp;

namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>Line endings on the way out: bare CR and bare LF become CRLF, whatever the read boundaries.</summary>
public sealed class CrlfNormalizerTests
{
    [Theory]
    [InlineData("a\r\nb\r\n", "a\r\nb\r\n")]
    [InlineData("a\nb\n", "a\r\nb\r\n")]
    [InlineData("a\rb\r", "a\r\nb\r\n")]
    [InlineData("a\r\r\nb", "a\r\n\r\nb\r\n")]
    [InlineData("a\n\rb", "a\r\n\r\nb\r\n")]
    [InlineData("\r\n.\r\n", "\r\n.\r\n")]
    [InlineData("x\n.\nMAIL FROM:<a@b>\n", "x\r\n.\r\nMAIL FROM:<a@b>\r\n")]
    [InlineData("no newline", "no newline\r\n")]
    [InlineData("", "")]
    public void Normalizes_line_endings(string input, string expected)
    {
        var bytes = Encoding.ASCII.GetBytes(input);
        for (var chunk = 1; chunk <= Math.Max(1, bytes.Length); chunk++)
        {
            Assert.Equal(expected, Run(bytes, chunk));
        }
    }

    [Fact]
    public void The_stream_gives_the_same_bytes_as_the_normalizer()
    {
        var input = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("line\rwith\nmixed\r\nendings", 5000)));
        using var stream = new CrlfContentStream(new MemoryStream(input));
        var output = new MemoryStream();
        stream.CopyTo(output, 1000);
        Assert.Equal(Run(input, input.Length), Encoding.ASCII.GetString(output.ToArray()));
    }

    private static string Run(byte[] input, int chunk)
    {
        var normalizer = new CrlfNormalizer();
        var output = new List<byte>();
        var buffer = new byte[CrlfNormalizer.MaxOutput(chunk)];
        for (var offset = 0; offset < input.Length; offset += chunk)
        {
            var piece = input.AsSpan(offset, Math.Min(chunk, input.Length - offset));
            output.AddRange(buffer.AsSpan(0, normalizer.Transform(piece, buffer)).ToArray());
        }
        output.AddRange(buffer.AsSpan(0, normalizer.Finish(buffer)).ToArray());
        return Encoding.ASCII.GetString(output.ToArray());
    }
}
