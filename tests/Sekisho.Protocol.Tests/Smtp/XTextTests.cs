using Sekisho.Protocol.Smtp;

namespace Sekisho.Protocol.Tests.Smtp;

public sealed class XTextTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("QQ314159", "QQ314159")]
    [InlineData("bob+x@example.org", "bob+2Bx@example.org")]
    [InlineData("a=b c", "a+3Db+20c")]
    [InlineData("!~", "!~")]
    [InlineData("tab\there", "tab+09here")]
    [InlineData("j\u00f6rg", "j+C3+B6rg")]
    public void Encodes_and_decodes_back(string text, string encoded)
    {
        Assert.Equal(encoded, XText.Encode(text));
        Assert.True(XText.TryDecode(encoded, allowUtf8: false, out var decoded));
        Assert.Equal(text, decoded);
    }

    [Theory]
    [InlineData("a+2b", false, "a+")]
    [InlineData("a+2B", false, "a+")]
    [InlineData("j\u00f6rg+40x", true, "j\u00f6rg@x")]
    [InlineData("smile\U0001F600", true, "smile\U0001F600")]
    public void Decodes_lenient_forms(string encoded, bool allowUtf8, string expected)
    {
        Assert.True(XText.TryDecode(encoded, allowUtf8, out var decoded));
        Assert.Equal(expected, decoded);
    }

    [Theory]
    [InlineData("a+", false)]
    [InlineData("a+2", false)]
    [InlineData("a+G1", false)]
    [InlineData("a=b", false)]
    [InlineData("a b", false)]
    [InlineData("a\tb", false)]
    [InlineData("j\u00f6rg", false)]
    [InlineData("+C3", false)]
    [InlineData("+FF", true)]
    public void Refuses_malformed_text(string encoded, bool allowUtf8)
    {
        Assert.False(XText.TryDecode(encoded, allowUtf8, out _));
    }
}
