using System.Text;
using Sekisho.Protocol.Pop3;

namespace Sekisho.Protocol.Tests.Pop3;

public sealed class Pop3TopCutTests
{
    private const string Message = "A: 1\r\nB: 2\r\n\r\nl1\r\nl2\r\nl3\r\n";

    /// <summary>Columns: message, TOP's line count, the part sent (before dot-stuffing).</summary>
    public static TheoryData<string, int, string> Cases { get; } = new()
    {
        // RFC 1939 7: the header, the blank line, then n body lines.
        { Message, 0, "A: 1\r\nB: 2\r\n\r\n" },
        { Message, 1, "A: 1\r\nB: 2\r\n\r\nl1\r\n" },
        { Message, 2, "A: 1\r\nB: 2\r\n\r\nl1\r\nl2\r\n" },
        { Message, 3, Message },
        // More lines than the body has: the whole message.
        { Message, 10, Message },
        { Message, int.MaxValue, Message },
        // No body at all: no blank line, or nothing after it.
        { "A: 1\r\nB: 2\r\n", 0, "A: 1\r\nB: 2\r\n" },
        { "A: 1\r\nB: 2\r\n", 5, "A: 1\r\nB: 2\r\n" },
        { "A: 1\r\n\r\n", 0, "A: 1\r\n\r\n" },
        { "A: 1\r\n\r\n", 2, "A: 1\r\n\r\n" },
        { "", 0, "" },
        { "", 3, "" },
        // An empty header: the message starts with the blank line.
        { "\r\nbody\r\nmore\r\n", 0, "\r\n" },
        { "\r\nbody\r\nmore\r\n", 1, "\r\nbody\r\n" },
        // Empty body lines count as lines.
        { "H: x\r\n\r\n\r\n\r\nz\r\n", 2, "H: x\r\n\r\n\r\n\r\n" },
        // A last line without a line ending is a line.
        { "A: 1\r\n\r\nl1\r\nl2", 1, "A: 1\r\n\r\nl1\r\n" },
        { "A: 1\r\n\r\nl1\r\nl2", 2, "A: 1\r\n\r\nl1\r\nl2" },
        // Bare LF ends lines too.
        { "A: 1\n\nl1\nl2\n", 1, "A: 1\n\nl1\n" },
        { "A: 1\r\n\nl1\r\n", 0, "A: 1\r\n\n" },
        // A header line that is only a CR before more text is not the blank line.
        { "A: 1\r\n\rX\r\n\r\nb\r\n", 0, "A: 1\r\n\rX\r\n\r\n" },
        { "A: 1\r\n\r\r\n\r\nb\r\n", 0, "A: 1\r\n\r\r\n\r\n" },
        // A folded header continues the header.
        { "Subject: a\r\n b\r\n\r\nbody\r\n", 0, "Subject: a\r\n b\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cuts_after_the_header_and_n_body_lines(string message, int lines, string expected)
    {
        var bytes = Encoding.ASCII.GetBytes(message);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var cut = new Pop3TopCut(lines);
            var kept = new List<byte>();
            var first = bytes.AsSpan(0, split);
            var take = cut.Take(first);
            kept.AddRange(first[..take].ToArray());
            if (!cut.IsComplete)
            {
                var second = bytes.AsSpan(split);
                kept.AddRange(second[..cut.Take(second)].ToArray());
            }
            Assert.Equal(expected, Encoding.ASCII.GetString(kept.ToArray()));
        }
    }

    [Fact]
    public void Takes_nothing_once_complete()
    {
        var cut = new Pop3TopCut(0);
        Assert.Equal(6, cut.Take("A:\r\n\r\nbody"u8));
        Assert.True(cut.IsComplete);
        Assert.Equal(0, cut.Take("more\r\n"u8));
    }

    [Fact]
    public void Refuses_a_negative_count()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pop3TopCut(-1));
    }
}
