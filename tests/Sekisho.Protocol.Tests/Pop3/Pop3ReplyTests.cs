using System.Buffers;
using System.Text;
using Sekisho.Protocol.Pop3;

namespace Sekisho.Protocol.Tests.Pop3;

public sealed class Pop3ReplyTests
{
    public static TheoryData<Pop3Reply, string> WireLines { get; } = new()
    {
        { Pop3Reply.Success, "+OK\r\n" },
        { Pop3Reply.Ok("2 320"), "+OK 2 320\r\n" },
        { Pop3Reply.Stat(2, 320), "+OK 2 320\r\n" },
        { Pop3Reply.ScanListing(1, 120), "+OK 1 120\r\n" },
        { Pop3Reply.UniqueIdListing(2, "QhdPYR:00WBw1Ph7x7"), "+OK 2 QhdPYR:00WBw1Ph7x7\r\n" },
        { Pop3Reply.MessageFollows(120), "+OK 120 octets\r\n" },
        { Pop3Reply.ListingFollows(2), "+OK 2 messages:\r\n" },
        { Pop3Reply.Greeting(null), "+OK Sekisho ready.\r\n" },
        { Pop3Reply.Greeting("<1896.697170952@dbc.mtview.ca.us>"), "+OK Sekisho ready. <1896.697170952@dbc.mtview.ca.us>\r\n" },
        { Pop3Reply.Error("no such message"), "-ERR no such message\r\n" },
        { Pop3Reply.NoSuchMessage(5), "-ERR There's no message 5.\r\n" },
        { Pop3Reply.MailboxInUse, "-ERR [IN-USE] Mailbox is locked by another POP3 session.\r\n" },
        { Pop3Reply.LoginTooSoon, "-ERR [LOGIN-DELAY] Logged in too recently, try again later.\r\n" },
        { Pop3Reply.AuthenticationFailed, "-ERR [AUTH] Authentication failed.\r\n" },
        { Pop3Reply.TemporaryAuthenticationFailure, "-ERR [SYS/TEMP] Temporary authentication failure.\r\n" },
        { Pop3Reply.MailboxUnavailable, "-ERR [SYS/PERM] Cannot open the mailbox, contact your administrator.\r\n" },
        { Pop3Reply.Error("", Pop3ResponseCode.InUse), "-ERR [IN-USE]\r\n" },
        { Pop3Reply.Challenge([]), "+ \r\n" },
        { Pop3Reply.Challenge("<1896.697170952@postoffice.example.net>"u8), "+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UuZXhhbXBsZS5uZXQ+\r\n" },
    };

    [Theory]
    [MemberData(nameof(WireLines))]
    public void Wire_format(Pop3Reply reply, string wire)
    {
        Assert.Equal(wire, reply.ToString());
        Assert.Equal(wire[..^2], reply.ToLogString());
        var buffer = new ArrayBufferWriter<byte>();
        reply.WriteTo(buffer);
        Assert.Equal(wire, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Kinds()
    {
        Assert.True(Pop3Reply.Success.IsOk);
        Assert.False(Pop3Reply.Success.IsContinuation);
        Assert.False(Pop3Reply.MailboxInUse.IsOk);
        Assert.Equal("IN-USE", Pop3Reply.MailboxInUse.ResponseCode);
        Assert.True(Pop3Reply.Challenge([1]).IsContinuation);
        Assert.True(Pop3Reply.Challenge([1]).IsOk);
        Assert.Equal("-ERR [IN-USE] other", Pop3Reply.MailboxInUse.WithText("other").ToLogString());
    }

    [Theory]
    [InlineData("a\r\nb")]
    [InlineData("a\nb")]
    [InlineData("a\0")]
    public void Refuses_line_breaks_in_text(string text)
    {
        Assert.Throws<ArgumentException>(() => Pop3Reply.Error(text));
        Assert.Throws<ArgumentException>(() => Pop3Reply.Ok(text));
    }

    [Theory]
    [InlineData("IN-USE", true)]
    [InlineData("SYS/TEMP", true)]
    [InlineData("X-VENDOR/SUB/MORE", true)]
    [InlineData("", false)]
    [InlineData("/SYS", false)]
    [InlineData("SYS/", false)]
    [InlineData("SYS//TEMP", false)]
    [InlineData("IN USE", false)]
    [InlineData("IN]USE", false)]
    [InlineData("ÜBER", false)]
    public void Response_code_syntax(string code, bool valid)
    {
        Assert.Equal(valid, Pop3ResponseCode.IsValid(code));
        if (!valid)
        {
            Assert.Throws<ArgumentException>(() => Pop3Reply.Error("x", code));
        }
    }
}
