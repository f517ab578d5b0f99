using Sekisho.Protocol.Smtp;

namespace Sekisho.Protocol.Tests.Smtp;

/// <summary>Domains compare in one form: IDNA A-labels, lower case, no root dot (RFC 6531 3.2, RFC 5890).</summary>
public sealed class DomainNameTests
{
    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("Example.COM.", "example.com")]
    [InlineData(" example.com ", "example.com")]
    [InlineData("例え.jp", "xn--r8jz45g.jp")]
    [InlineData("例え.JP.", "xn--r8jz45g.jp")]
    [InlineData("XN--R8JZ45G.jp", "xn--r8jz45g.jp")]
    [InlineData("Bücher.example", "xn--bcher-kva.example")]
    [InlineData("[192.0.2.1]", "[192.0.2.1]")]
    [InlineData("[IPv6:2001:DB8::1]", "[ipv6:2001:db8::1]")]
    [InlineData("", "")]
    [InlineData(".", "")]
    [InlineData("a_b.example", "a_b.example")]
    public void Normalize_gives_the_comparison_form(string domain, string expected)
    {
        Assert.Equal(expected, DomainName.Normalize(domain));
    }

    [Theory]
    [InlineData("xn--r8jz45g.jp", "例え.jp")]
    [InlineData("例え.jp", "例え.jp")]
    [InlineData("example.com", "example.com")]
    [InlineData("xn--zz.example", "xn--zz.example")]
    public void ToUnicode_shows_u_labels_and_leaves_invalid_ones(string domain, string expected)
    {
        Assert.Equal(expected, DomainName.ToUnicode(domain));
    }
}
