using Sekisho.Delivery.Smtp;

namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>Postfix's SMTP destination syntax (smtp(8) "SMTP DESTINATION SYNTAX").</summary>
public sealed class NextHopTests
{
    [Theory]
    [InlineData("example.com", "example.com", 25, true, "example.com")]
    [InlineData("example.com.", "example.com", 25, true, "example.com")]
    [InlineData("example.com:2525", "example.com", 2525, true, "example.com:2525")]
    [InlineData("[mail.isp.example]", "mail.isp.example", 25, false, "[mail.isp.example]")]
    [InlineData("[mail.isp.example]:587", "mail.isp.example", 587, false, "[mail.isp.example]:587")]
    [InlineData("[mail.isp.example]:submission", "mail.isp.example", 587, false, "[mail.isp.example]:587")]
    [InlineData("[mail.isp.example]:smtps", "mail.isp.example", 465, false, "[mail.isp.example]:465")]
    [InlineData(" [192.0.2.1]:25 ", "192.0.2.1", 25, false, "[192.0.2.1]:25")]
    [InlineData("[ipv6:2001:db8::1]", "2001:db8::1", 25, false, "[ipv6:2001:db8::1]")]
    [InlineData("[IPv6:2001:db8::1]:2525", "2001:db8::1", 2525, false, "[ipv6:2001:db8::1]:2525")]
    [InlineData("[2001:db8::1]:26", "2001:db8::1", 26, false, "[ipv6:2001:db8::1]:26")]
    [InlineData("mx_1.example-host.com", "mx_1.example-host.com", 25, true, "mx_1.example-host.com")]
    public void Valid_destinations_parse(string text, string host, int port, bool lookupMx, string canonical)
    {
        Assert.True(NextHop.TryParse(text, 25, out var nextHop, out var error), error);
        Assert.Equal(host, nextHop.Host);
        Assert.Equal(port, nextHop.Port);
        Assert.Equal(lookupMx, nextHop.LookupMx);
        Assert.Equal(canonical, nextHop.ToString());
    }

    [Theory]
    [InlineData("", "bad host name")]
    [InlineData("[mail.isp.example", "missing ']'")]
    [InlineData("[mail.isp.example]587", "unexpected text")]
    [InlineData("192.0.2.1", "must be written [address]")]
    [InlineData("2001:db8::1", "must be written [ipv6:address]")]
    [InlineData("[ipv6:192.0.2.1]", "bad IPv6 address")]
    [InlineData("example.com:0", "bad port")]
    [InlineData("example.com:65536", "bad port")]
    [InlineData("example.com:nosuchservice", "bad port")]
    [InlineData("bad!host.example", "bad host name")]
    [InlineData("-dash.example", "bad host name")]
    [InlineData("a..b", "bad host name")]
    public void Invalid_destinations_say_why(string text, string reason)
    {
        Assert.False(NextHop.TryParse(text, 25, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void The_default_port_is_smtp_tcp_port()
    {
        Assert.True(NextHop.TryParse("[relay.example]", 2525, out var nextHop, out _));
        Assert.Equal(2525, nextHop.Port);
        Assert.Equal("[relay.example]", nextHop.ToString());
    }

    [Fact]
    public void A_list_is_separated_by_commas_or_whitespace()
    {
        Assert.True(NextHop.TryParseList("[a.example]:25, [b.example]:587 c.example", 25, out var list, out var error), error);
        Assert.Equal(["[a.example]:25", "[b.example]:587", "c.example"], list.Select(n => n.ToString()));
        Assert.False(NextHop.TryParseList(" , ", 25, out _, out _));
        Assert.False(NextHop.TryParseList("a.example, 192.0.2.1", 25, out _, out _));
    }

    [Theory]
    [InlineData("smtp:[10.0.0.5]:25", "smtp", "[10.0.0.5]:25")]
    [InlineData(":[relay.example]", "", "[relay.example]")]
    [InlineData("smtp:", "smtp", "")]
    [InlineData("relay", "relay", "")]
    [InlineData("error:5.1.1 mailbox unavailable", "error", "5.1.1 mailbox unavailable")]
    public void Transport_map_values_split_at_the_first_colon(string value, string transport, string nextHop)
    {
        var entry = TransportMapEntry.Parse(value);
        Assert.Equal(transport, entry.Transport);
        Assert.Equal(nextHop, entry.NextHop);
    }
}
