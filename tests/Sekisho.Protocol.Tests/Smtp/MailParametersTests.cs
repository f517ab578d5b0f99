using Sekisho.Protocol.Smtp;

namespace Sekisho.Protocol.Tests.Smtp;

public sealed class MailParametersTests
{
    private static IReadOnlyList<EsmtpParameter> Parse(string argument)
    {
        Assert.True(SmtpPathParser.TryParseMailFrom(argument, out _, out var parameters, out var error), error?.ToString());
        return parameters;
    }

    [Theory]
    [InlineData("FROM:<a@b.example>", 0L, "7BIT", false)]
    [InlineData("FROM:<a@b.example> SIZE=1000", 1000L, "7BIT", false)]
    [InlineData("FROM:<a@b.example> BODY=8BITMIME", 0L, "8BITMIME", false)]
    [InlineData("FROM:<a@b.example> body=7bit", 0L, "7BIT", false)]
    [InlineData("FROM:<a@b.example> SMTPUTF8 BODY=8BITMIME SIZE=10", 10L, "8BITMIME", true)]
    [InlineData("FROM:<a@b.example> AUTH=<>", 0L, "7BIT", false)]
    [InlineData("FROM:<a@b.example> SIZE=10240000", 10240000L, "7BIT", false)]
    public void Valid_parameters(string argument, long size, string body, bool utf8)
    {
        Assert.True(MailParameters.TryParse(Parse(argument), extended: true, sizeLimit: 10240000, out var result, out var error), error?.ToString());
        Assert.Equal(new MailParameters(size, body, utf8), result);
    }

    [Theory]
    [InlineData("FROM:<a@b.example> SIZE=10240001", true, "552 5.3.4 Message size exceeds fixed limit")]
    [InlineData("FROM:<a@b.example> SIZE=abc", true, "501 5.5.4 Bad message size syntax")]
    [InlineData("FROM:<a@b.example> SIZE", true, "501 5.5.4 Bad message size syntax")]
    [InlineData("FROM:<a@b.example> SIZE=-1", true, "501 5.5.4 Bad message size syntax")]
    [InlineData("FROM:<a@b.example> SIZE=99999999999999999999999", true, "501 5.5.4 Bad message size syntax")]
    [InlineData("FROM:<a@b.example> BODY=BINARYMIME", true, "555 5.5.4 Unsupported option: BODY=BINARYMIME")]
    [InlineData("FROM:<a@b.example> SMTPUTF8=yes", true, "555 5.5.4 Unsupported option: SMTPUTF8=yes")]
    [InlineData("FROM:<a@b.example> RET=FULL", false, "555 5.5.4 Unsupported option: RET=FULL")]
    [InlineData("FROM:<a@b.example> ENVID=x", false, "555 5.5.4 Unsupported option: ENVID=x")]
    [InlineData("FROM:<a@b.example> RET=BODY", true, "501 5.5.4 Bad RET parameter syntax")]
    [InlineData("FROM:<a@b.example> RET", true, "501 5.5.4 Bad RET parameter syntax")]
    [InlineData("FROM:<a@b.example> RET=FULL RET=FULL", true, "501 5.5.4 Bad RET parameter syntax")]
    [InlineData("FROM:<a@b.example> RET=HDRS ret=full", true, "501 5.5.4 Bad RET parameter syntax")]
    [InlineData("FROM:<a@b.example> ENVID", true, "501 5.5.4 Bad ENVID parameter syntax")]
    [InlineData("FROM:<a@b.example> ENVID=a ENVID=b", true, "501 5.5.4 Bad ENVID parameter syntax")]
    [InlineData("FROM:<a@b.example> ENVID=a+2", true, "501 5.5.4 Bad ENVID parameter syntax")]
    [InlineData("FROM:<a@b.example> ENVID=a+ZZb", true, "501 5.5.4 Bad ENVID parameter syntax")]
    [InlineData("FROM:<a@b.example> ENVID=line+0Abreak", true, "501 5.5.4 Bad ENVID parameter syntax")]
    [InlineData("FROM:<a@b.example> ENVID=del+7F", true, "501 5.5.4 Bad ENVID parameter syntax")]
    [InlineData("FROM:<a@b.example> ENVID=caf+C3+A9", true, "501 5.5.4 Bad ENVID parameter syntax")]
    [InlineData("FROM:<a@b.example> ENVID=café", true, "501 5.5.4 Bad ENVID parameter syntax")]
    [InlineData("FROM:<a@b.example> ENVID=" + "12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901", true,
        "501 5.5.4 Bad ENVID parameter syntax")]
    [InlineData("FROM:<a@b.example> FOO", true, "555 5.5.4 Unsupported option: FOO")]
    [InlineData("FROM:<a@b.example> SIZE=10", false, "555 5.5.4 Unsupported option: SIZE=10")]
    public void Refused_parameters(string argument, bool extended, string expected)
    {
        Assert.False(MailParameters.TryParse(Parse(argument), extended, sizeLimit: 10240000, out _, out var error));
        Assert.Equal(expected + "\r\n", error!.ToString());
    }

    [Theory]
    [InlineData("FROM:<a@b.example> RET=FULL", DsnRetParameter.Full, "")]
    [InlineData("FROM:<a@b.example> ret=hdrs", DsnRetParameter.Headers, "")]
    [InlineData("FROM:<a@b.example> Ret=Full envid=QQ314159", DsnRetParameter.Full, "QQ314159")]
    [InlineData("FROM:<a@b.example> ENVID=id+20with+20spaces+2B+3D", DsnRetParameter.None, "id with spaces+=")]
    [InlineData("FROM:<a@b.example> ENVID=lower+2bhex", DsnRetParameter.None, "lower+hex")]
    [InlineData("FROM:<a@b.example> ENVID=" + "1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890", DsnRetParameter.None,
        "1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890")]
    [InlineData("FROM:<a@b.example> SIZE=10 RET=HDRS ENVID=a!~b BODY=8BITMIME", DsnRetParameter.Headers, "a!~b")]
    public void Dsn_parameters(string argument, DsnRetParameter ret, string envelopeId)
    {
        Assert.True(MailParameters.TryParse(Parse(argument), extended: true, sizeLimit: 0, out var result, out var error), error?.ToString());
        Assert.Equal(ret, result.Return);
        Assert.Equal(envelopeId, result.EnvelopeId);
    }

    [Fact]
    public void No_size_limit_accepts_any_declared_size()
    {
        Assert.True(MailParameters.TryParse(Parse("FROM:<a@b.example> SIZE=999999999999"), true, 0, out var result, out _));
        Assert.Equal(999999999999L, result.DeclaredSize);
    }
}
