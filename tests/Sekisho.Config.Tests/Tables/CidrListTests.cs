using System.Net;
using Sekisho.Config.Tables;

namespace Sekisho.Config.Tests.Tables;

/// <summary>Lists of networks: any block matching means the address is in the list.</summary>
public sealed class CidrListTests
{
    [Theory]
    [InlineData("192.168.1.5", true)]
    [InlineData("::ffff:192.168.1.1", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("192.168.2.1", false)]
    [InlineData("::2", false)]
    public void Any_block_matches(string address, bool expected)
    {
        var list = CidrList.Parse(["192.168.0.0/23", "127.0.0.0/8", "[::1]/128"]);
        Assert.Equal(3, list.Blocks.Count);
        Assert.Equal(expected, list.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData(new[] { "10.0.0.0/8", "10.0.0.0/33" }, "bad CIDR \"10.0.0.0/33\"")]
    [InlineData(new[] { "nonsense" }, "bad CIDR \"nonsense\"")]
    public void Bad_entries_throw_naming_the_entry(string[] entries, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => CidrList.Parse(entries)).Message);
    }

    [Fact]
    public void Blank_entries_are_skipped_and_empty_matches_nothing()
    {
        var list = CidrList.Parse(["", "  "]);
        Assert.Empty(list.Blocks);
        Assert.False(list.Contains(IPAddress.Loopback));
        Assert.False(CidrList.Empty.Contains(IPAddress.Any));
    }
}
