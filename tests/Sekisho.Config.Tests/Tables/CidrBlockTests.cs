using System.Net;
using Sekisho.Config.Tables;

namespace Sekisho.Config.Tests.Tables;

/// <summary>CIDR notation as mynetworks and cidr: tables write it.</summary>
public sealed class CidrBlockTests
{
    [Theory]
    [InlineData("192.168.0.0/23", "192.168.0.0/23")]
    [InlineData("10.1.2.3", "10.1.2.3/32")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData(" 127.0.0.0/8 ", "127.0.0.0/8")]
    [InlineData("192.168.1.1/23", "192.168.0.0/23")]
    [InlineData("[::1]/128", "::1/128")]
    [InlineData("[::1]", "::1/128")]
    [InlineData("[2001:db8::]/32", "2001:db8::/32")]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    [InlineData("2001:db8::1", "2001:db8::1/128")]
    [InlineData("[::ffff:127.0.0.0]/104", "::ffff:127.0.0.0/104")]
    [InlineData("::/0", "::/0")]
    public void Parses(string text, string normalized)
    {
        Assert.True(CidrBlock.TryParse(text, out var block));
        Assert.Equal(normalized, block.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("192.168.0.0/33")]
    [InlineData("192.168.0/24")]
    [InlineData("192.168.0.256/24")]
    [InlineData("1")]
    [InlineData("192.168.0.0/")]
    [InlineData("192.168.0.0/+8")]
    [InlineData("192.168.0.0/ 8")]
    [InlineData("192.168.0.0/8/8")]
    [InlineData("[::1]/129")]
    [InlineData("[192.168.0.1]/32")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[::1")]
    [InlineData("localhost")]
    [InlineData("hash:/etc/postfix/network_table")]
    public void Rejects(string text)
    {
        Assert.False(CidrBlock.TryParse(text, out _));
    }

    [Theory]
    [InlineData("192.168.0.0/23", "192.168.0.0", true)]
    [InlineData("192.168.0.0/23", "192.168.1.255", true)]
    [InlineData("192.168.0.0/23", "192.168.2.0", false)]
    [InlineData("192.168.0.0/23", "::ffff:192.168.1.1", true)]
    [InlineData("192.168.0.0/23", "::ffff:192.168.2.1", false)]
    [InlineData("192.168.0.0/23", "2001:db8::1", false)]
    [InlineData("10.0.0.5", "10.0.0.5", true)]
    [InlineData("10.0.0.5", "10.0.0.6", false)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("0.0.0.0/0", "::1", false)]
    [InlineData("[::1]/128", "::1", true)]
    [InlineData("[::1]/128", "127.0.0.1", false)]
    [InlineData("[2001:db8::]/32", "2001:db8:ffff::1", true)]
    [InlineData("[2001:db8::]/32", "2001:db9::1", false)]
    [InlineData("[::ffff:127.0.0.0]/104", "127.0.0.1", true)]
    [InlineData("[::ffff:127.0.0.0]/104", "::ffff:127.1.2.3", true)]
    [InlineData("[::ffff:127.0.0.0]/104", "128.0.0.1", false)]
    [InlineData("172.16.0.0/12", "172.31.255.255", true)]
    [InlineData("172.16.0.0/12", "172.32.0.0", false)]
    public void Contains(string block, string address, bool expected)
    {
        Assert.True(CidrBlock.TryParse(block, out var parsed));
        Assert.Equal(expected, parsed.Contains(IPAddress.Parse(address)));
    }

    [Fact]
    public void Default_block_contains_nothing()
    {
        Assert.False(default(CidrBlock).Contains(IPAddress.Loopback));
    }
}
