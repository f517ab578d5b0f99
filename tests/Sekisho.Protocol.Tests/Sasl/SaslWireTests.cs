using System.Text;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

public sealed class SaslWireTests
{
    /// <summary>Columns: AUTH argument after the mechanism, status, decoded text ("(none)" for no initial response).</summary>
    [Theory]
    [InlineData("", SaslResponseStatus.Data, "(none)")]
    [InlineData("=", SaslResponseStatus.Data, "")]
    [InlineData("AHRpbQB0YW5zdGFhZnRhbnN0YWFm", SaslResponseStatus.Data, "\0tim\0tanstaaftanstaaf")]
    [InlineData("dGlt", SaslResponseStatus.Data, "tim")]
    [InlineData("*", SaslResponseStatus.Malformed, "(none)")]
    [InlineData("==", SaslResponseStatus.Malformed, "(none)")]
    [InlineData("dGl", SaslResponseStatus.Malformed, "(none)")]
    [InlineData("dG=t", SaslResponseStatus.Malformed, "(none)")]
    [InlineData("dG t", SaslResponseStatus.Malformed, "(none)")]
    [InlineData("dGlt\t", SaslResponseStatus.Malformed, "(none)")]
    [InlineData("dGlt-_==", SaslResponseStatus.Malformed, "(none)")] // base64url is not base64
    public void Initial_response(string argument, SaslResponseStatus status, string text)
    {
        Assert.Equal(status, SaslWire.DecodeInitialResponse(argument, out var data));
        Assert.Equal(text, data is null ? "(none)" : Encoding.UTF8.GetString(data));
    }

    /// <summary>Columns: client line, status, decoded text ("(none)" when there is no data).</summary>
    [Theory]
    [InlineData("", SaslResponseStatus.Data, "")]
    [InlineData("*", SaslResponseStatus.Cancelled, "(none)")]
    [InlineData("=", SaslResponseStatus.Malformed, "(none)")] // '=' is for the AUTH command only
    [InlineData("dGlt", SaslResponseStatus.Data, "tim")]
    [InlineData("dGltMQ==", SaslResponseStatus.Data, "tim1")]
    [InlineData("dGltMQ", SaslResponseStatus.Malformed, "(none)")]
    [InlineData(" dGlt", SaslResponseStatus.Malformed, "(none)")]
    [InlineData("**", SaslResponseStatus.Malformed, "(none)")]
    [InlineData("dGltMQ==dGlt", SaslResponseStatus.Malformed, "(none)")]
    public void Continuation_line(string line, SaslResponseStatus status, string text)
    {
        Assert.Equal(status, SaslWire.DecodeResponse(line, out var data));
        Assert.Equal(text, data is null ? "(none)" : Encoding.UTF8.GetString(data));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("Username:", "VXNlcm5hbWU6")]
    [InlineData("Password:", "UGFzc3dvcmQ6")]
    [InlineData("<1896.697170952@postoffice.reston.mci.net>", "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+")]
    public void Challenge_encoding(string challenge, string encoded) =>
        Assert.Equal(encoded, SaslWire.EncodeChallenge(Encoding.ASCII.GetBytes(challenge)));
}
