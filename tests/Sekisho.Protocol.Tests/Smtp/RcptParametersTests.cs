using Sekisho.Protocol.Smtp;

namespace Sekisho.Protocol.Tests.Smtp;

public sealed class RcptParametersTests
{
    private const string BadNotify = "501 5.5.4 Error: Bad NOTIFY parameter syntax";
    private const string BadOrcpt = "501 5.5.4 Error: Bad ORCPT parameter syntax";

    private static IReadOnlyList<EsmtpParameter> Parse(string argument)
    {
        Assert.True(SmtpPathParser.TryParseRcptTo(argument, out _, out var parameters, out var error), error?.ToString());
        return parameters;
    }

    [Theory]
    [InlineData("TO:<b@y.example>", DsnNotifyParameter.None, "")]
    [InlineData("TO:<b@y.example> NOTIFY=NEVER", DsnNotifyParameter.Never, "")]
    [InlineData("TO:<b@y.example> notify=never", DsnNotifyParameter.Never, "")]
    [InlineData("TO:<b@y.example> NOTIFY=SUCCESS", DsnNotifyParameter.Success, "")]
    [InlineData("TO:<b@y.example> NOTIFY=delay,Failure", DsnNotifyParameter.Delay | DsnNotifyParameter.Failure, "")]
    [InlineData("TO:<b@y.example> NOTIFY=SUCCESS,FAILURE,DELAY", DsnNotifyParameter.Success | DsnNotifyParameter.Failure | DsnNotifyParameter.Delay, "")]
    [InlineData("TO:<b@y.example> NOTIFY=FAILURE,FAILURE", DsnNotifyParameter.Failure, "")]
    [InlineData("TO:<b@y.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@y.example", DsnNotifyParameter.Success | DsnNotifyParameter.Failure, "rfc822;b@y.example")]
    [InlineData("TO:<b@y.example> ORCPT=rfc822;bob+2Bx@example.org", DsnNotifyParameter.None, "rfc822;bob+x@example.org")]
    [InlineData("TO:<b@y.example> orcpt=RFC822;a+20b+3Dc@example.org notify=Never", DsnNotifyParameter.Never, "RFC822;a b=c@example.org")]
    [InlineData("TO:<b@y.example> ORCPT=x-local;with;semicolons", DsnNotifyParameter.None, "x-local;with;semicolons")]
    [InlineData("TO:<b@y.example> ORCPT=utf-8;j\u00f6rg@example.org", DsnNotifyParameter.None, "utf-8;j\u00f6rg@example.org")]
    [InlineData("TO:<b@y.example> ORCPT=rfc822;j+C3+B6rg@example.org", DsnNotifyParameter.None, "rfc822;j\u00f6rg@example.org")]
    public void Valid_parameters(string argument, DsnNotifyParameter notify, string orcpt)
    {
        Assert.True(RcptParameters.TryParse(Parse(argument), extended: true, out var result, out var error), error?.ToString());
        Assert.Equal(new RcptParameters(notify, orcpt), result);
    }

    [Theory]
    [InlineData("TO:<b@y.example> NOTIFY=NEVER", false, "555 5.5.4 Unsupported option: NOTIFY=NEVER")]
    [InlineData("TO:<b@y.example> ORCPT=rfc822;b@y.example", false, "555 5.5.4 Unsupported option: ORCPT=rfc822;b@y.example")]
    [InlineData("TO:<b@y.example> FOO=bar", true, "555 5.5.4 Unsupported option: FOO=bar")]
    [InlineData("TO:<b@y.example> NOTIFY=SUCCESS XYZ", true, "555 5.5.4 Unsupported option: XYZ")]
    [InlineData("TO:<b@y.example> SIZE=10", true, "555 5.5.4 Unsupported option: SIZE=10")]
    [InlineData("TO:<b@y.example> NOTIFY", true, BadNotify)]
    [InlineData("TO:<b@y.example> NOTIFY=ALWAYS", true, BadNotify)]
    [InlineData("TO:<b@y.example> NOTIFY=NEVER,FAILURE", true, BadNotify)]
    [InlineData("TO:<b@y.example> NOTIFY=success,never", true, BadNotify)]
    [InlineData("TO:<b@y.example> NOTIFY=SUCCESS,", true, BadNotify)]
    [InlineData("TO:<b@y.example> NOTIFY=,FAILURE", true, BadNotify)]
    [InlineData("TO:<b@y.example> NOTIFY=SUCCESS,,FAILURE", true, BadNotify)]
    [InlineData("TO:<b@y.example> NOTIFY=SUCCESS NOTIFY=FAILURE", true, BadNotify)]
    [InlineData("TO:<b@y.example> NOTIFY=NEVER notify=NEVER", true, BadNotify)]
    [InlineData("TO:<b@y.example> ORCPT", true, BadOrcpt)]
    [InlineData("TO:<b@y.example> ORCPT=b@y.example", true, BadOrcpt)]
    [InlineData("TO:<b@y.example> ORCPT=;b@y.example", true, BadOrcpt)]
    [InlineData("TO:<b@y.example> ORCPT=rfc822;", true, BadOrcpt)]
    [InlineData("TO:<b@y.example> ORCPT=rfc(822);b@y.example", true, BadOrcpt)]
    [InlineData("TO:<b@y.example> ORCPT=rfc822;b+2@y.example", true, BadOrcpt)]
    [InlineData("TO:<b@y.example> ORCPT=rfc822;b+G0@y.example", true, BadOrcpt)]
    [InlineData("TO:<b@y.example> ORCPT=rfc822;b@y.example+", true, BadOrcpt)]
    [InlineData("TO:<b@y.example> ORCPT=rfc822;b+0D+0AX-Injected:+20yes@y.example", true, BadOrcpt)]
    [InlineData("TO:<b@y.example> ORCPT=rfc822;b+00@y.example", true, BadOrcpt)]
    [InlineData("TO:<b@y.example> ORCPT=rfc822;b+FF@y.example", true, BadOrcpt)]
    [InlineData("TO:<b@y.example> ORCPT=rfc822;j\u00f6rg@example.org", true, BadOrcpt)]
    [InlineData("TO:<b@y.example> ORCPT=rfc822;a@y.example ORCPT=rfc822;b@y.example", true, BadOrcpt)]
    public void Refused_parameters(string argument, bool extended, string expected)
    {
        Assert.False(RcptParameters.TryParse(Parse(argument), extended, out _, out var error));
        Assert.Equal(expected + "\r\n", error!.ToString());
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(501, false)]
    public void Orcpt_is_at_most_500_characters_as_written(int length, bool valid)
    {
        var value = "rfc822;" + new string('a', length - "rfc822;@y.example".Length) + "@y.example";
        Assert.Equal(length, value.Length);
        Assert.Equal(valid, RcptParameters.TryParse(Parse("TO:<b@y.example> ORCPT=" + value), true, out var result, out var error));
        Assert.Equal(valid ? value : "", result.OriginalRecipient);
        Assert.Equal(valid ? null : BadOrcpt + "\r\n", error?.ToString());
    }

    [Fact]
    public void Orcpt_length_counts_the_encoded_form()
    {
        // 166 characters decoded, 498 as written: the limit is on the wire form.
        var encoded = "rfc822;" + string.Concat(Enumerable.Repeat("+2B", 160)) + "@y.example";
        Assert.True(encoded.Length <= RcptParameters.MaxOriginalRecipientLength);
        Assert.True(RcptParameters.TryParse(Parse("TO:<b@y.example> ORCPT=" + encoded), true, out var result, out _));
        Assert.Equal("rfc822;" + new string('+', 160) + "@y.example", result.OriginalRecipient);
    }
}
