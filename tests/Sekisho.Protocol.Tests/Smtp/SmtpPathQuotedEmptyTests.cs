using Sekisho.Protocol.Smtp;

namespace Sekisho.Protocol.Tests.Smtp;

/// <summary>
/// Found by fuzzing (fuzz/regressions/smtp-path): <c>RCPT TO:&lt;""&gt;</c>, a quoted empty local part without a domain,
/// was accepted as a recipient whose path is the null path. A recipient is refused as Postfix refuses an empty one;
/// a sender stays the null sender.
/// </summary>
public sealed class SmtpPathQuotedEmptyTests
{
    private const string BadRecipient = "501 5.1.3 Bad recipient address syntax";

    [Theory]
    [InlineData("TO:<\"\">")]
    [InlineData("TO:\"\"")]
    [InlineData("to: <\"\"> NOTIFY=NEVER")]
    public void A_quoted_empty_recipient_is_refused(string argument)
    {
        Assert.False(SmtpPathParser.TryParseRcptTo(argument, out var path, out _, out var error));
        Assert.Equal(BadRecipient, error!.ToLogString());
        Assert.Same(SmtpPath.Null, path);
    }

    [Theory]
    [InlineData("TO:<\"\"@example.com>", "\"\"@example.com")]
    [InlineData("TO:<\" \">", "\" \"")]
    public void Quoted_recipients_that_are_not_empty_still_parse(string argument, string address)
    {
        Assert.True(SmtpPathParser.TryParseRcptTo(argument, out var path, out _, out var error), error?.ToLogString());
        Assert.Equal(address, path.Address);
    }

    [Theory]
    [InlineData("FROM:<\"\">")]
    [InlineData("FROM:\"\"")]
    public void A_quoted_empty_sender_is_the_null_sender(string argument)
    {
        Assert.True(SmtpPathParser.TryParseMailFrom(argument, out var path, out _, out var error), error?.ToLogString());
        Assert.True(path.IsNull);
    }
}
