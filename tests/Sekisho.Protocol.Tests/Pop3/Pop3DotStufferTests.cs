using System.Buffers;
using System.Text;
using Sekisho.Protocol.Pop3;

namespace Sekisho.Protocol.Tests.Pop3;

public sealed class Pop3DotStufferTests
{
    /// <summary>Columns: stored content, the body as sent after the status line (stuffed, terminated).</summary>
    public static TheoryData<string, string> Cases { get; } = new()
    {
        // An empty message: the status line's CRLF is the first half of the terminator.
        { "", ".\r\n" },
        { "a\r\n", "a\r\n.\r\n" },
        { "Subject: x\r\n\r\nhi\r\n", "Subject: x\r\n\r\nhi\r\n.\r\n" },
        // Lines starting with a dot get one more (RFC 1939 3); dots elsewhere do not.
        { ".\r\n", "..\r\n.\r\n" },
        { "a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n.\r\n" },
        { "..x\r\n", "...x\r\n.\r\n" },
        { ".a\r\n.b\r\n", "..a\r\n..b\r\n.\r\n" },
        { "a.b.\r\n", "a.b.\r\n.\r\n" },
        { "a\r\n. \r\n", "a\r\n.. \r\n.\r\n" },
        // Content without a final CRLF gets one before the terminator.
        { "a", "a\r\n.\r\n" },
        { ".", "..\r\n.\r\n" },
        { "a\r\n.", "a\r\n..\r\n.\r\n" },
        { "a\r", "a\r\n.\r\n" },
        { "\r\n", "\r\n.\r\n" },
        { "\r\n\r\n", "\r\n\r\n.\r\n" },
        // Bare LF (a file another program wrote) stays, starts a line for stuffing, and never ends the body.
        { "a\n", "a\n\r\n.\r\n" },
        { "a\n.\n", "a\n..\n\r\n.\r\n" },
        { "a\n.\r\nb\r\n", "a\n..\r\nb\r\n.\r\n" },
        // A bare CR is not a line break.
        { "a\r.b\r\n", "a\r.b\r\n.\r\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stuffs_and_terminates(string content, string wire)
    {
        var bytes = Encoding.ASCII.GetBytes(content);
        var output = new ArrayBufferWriter<byte>();
        var stuffer = new Pop3DotStuffer();
        stuffer.Write(bytes, output);
        stuffer.Complete(output);
        Assert.Equal(wire, Encoding.ASCII.GetString(output.WrittenSpan));
        Assert.Equal(bytes.Length, stuffer.ContentLength);
        Assert.Equal(wire.Length, stuffer.BytesWritten);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Same_result_at_every_split(string content, string wire)
    {
        var bytes = Encoding.ASCII.GetBytes(content);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var output = new ArrayBufferWriter<byte>();
            var stuffer = new Pop3DotStuffer();
            stuffer.Write(bytes.AsSpan(0, split), output);
            stuffer.Write(bytes.AsSpan(split), output);
            stuffer.Complete(output);
            Assert.Equal(wire, Encoding.ASCII.GetString(output.WrittenSpan));
        }
        var byByte = new ArrayBufferWriter<byte>();
        var single = new Pop3DotStuffer();
        foreach (var b in bytes)
        {
            single.Write([b], byByte);
        }
        single.Complete(byByte);
        Assert.Equal(wire, Encoding.ASCII.GetString(byByte.WrittenSpan));
    }

    [Fact]
    public void Nothing_after_complete()
    {
        var output = new ArrayBufferWriter<byte>();
        var stuffer = new Pop3DotStuffer();
        stuffer.Complete(output);
        Assert.Throws<InvalidOperationException>(() => stuffer.Write("a"u8, output));
        Assert.Throws<InvalidOperationException>(() => stuffer.Complete(output));
    }

    [Fact]
    public void Listing_lines_are_stuffed_and_terminated()
    {
        var text = Pop3MultiLine.Format(Pop3Reply.ListingFollows(2), ["1 120", "2 200"]);
        Assert.Equal("+OK 2 messages:\r\n1 120\r\n2 200\r\n.\r\n", text);
        Assert.Equal("+OK\r\n..x\r\n.\r\n", Pop3MultiLine.Format(Pop3Reply.Success, [".x"]));
        Assert.Equal("+OK 0 messages:\r\n.\r\n", Pop3MultiLine.Format(Pop3Reply.ListingFollows(0), []));
        Assert.Throws<ArgumentException>(() => Pop3MultiLine.Format(Pop3Reply.Success, ["a\r\nb"]));
    }
}
