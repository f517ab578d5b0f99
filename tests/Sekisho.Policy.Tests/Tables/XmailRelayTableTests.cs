using Sekisho.Policy.Tables;
using static Sekisho.Policy.Tests.Tables.TableTestSupport;

namespace Sekisho.Policy.Tests.Tables;

/// <summary>XMail's smtprelay.tab, with TestData/smtprelay.tab from the classic XMail how-to loaded as is.</summary>
public sealed class XmailRelayTableTests
{
    private static readonly IAccessTable Table = Open("xmail:smtprelay.tab");

    [Theory]
    [InlineData("10.0.0.1", "Permit [10.0.0.0] @1")]
    [InlineData("10.255.255.255", "Permit [10.0.0.0] @1")]
    [InlineData("11.0.0.0", "-")]
    [InlineData("172.16.200.1", "Permit [172.16.0.0] @2")]
    [InlineData("172.17.0.1", "-")]
    [InlineData("192.168.0.1", "Permit [192.168.0.0] @3")]
    [InlineData("192.168.255.254", "Permit [192.168.0.0] @3")]
    [InlineData("192.169.0.1", "-")]
    [InlineData("127.0.0.1", "Permit [127.0.0.1] @4")]
    [InlineData("127.0.0.2", "-")]
    [InlineData("::1", "-")]
    public void Relay_networks(string address, string expected) =>
        Assert.Equal(expected, Client(Table, address, "any.example"));

    [Fact]
    public void The_netmask_is_the_right_hand_side_and_only_clients_match()
    {
        Assert.Equal("255.255.0.0", Table.FindClient(System.Net.IPAddress.Parse("192.168.0.1"), "unknown")!.RawValue);
        Assert.Null(Table.FindHelo("[192.168.0.1]"));
        Assert.Null(Table.FindSender("user@[192.168.0.1]"));
        Assert.Null(Table.FindRecipient("user@example.com"));
    }

    [Theory]
    // Spaces instead of tabs, unquoted fields, comments, address/bits, host bits (XMail masks them), IPv6 with a prefix length.
    [InlineData("\"192.168.0.0\"    \"255.255.255.0\"", "192.168.0.9", "Permit [192.168.0.0] @2")]
    [InlineData("192.168.0.0\t255.255.255.0", "192.168.0.9", "Permit [192.168.0.0] @2")]
    [InlineData("\"192.168.0.0/24\"", "192.168.0.9", "Permit [192.168.0.0/24] @2")]
    [InlineData("\"192.168.0.77\"\t\"255.255.255.0\"", "192.168.0.9", "Permit [192.168.0.77] @2")]
    [InlineData("\"192.168.0.0\"\t\"24\"", "192.168.1.9", "-")]
    [InlineData("\"2001:db8::\"\t\"32\"", "2001:db8:1::1", "Permit [2001:db8::] @2")]
    [InlineData("\"2001:db8::\"\t\"ffff:ffff::\"", "2001:db8:1::1", "Permit [2001:db8::] @2")]
    [InlineData("\"2001:db8::/48\"", "2001:db8:1::1", "-")]
    [InlineData("\"0.0.0.0\"\t\"0.0.0.0\"", "203.0.113.1", "Permit [0.0.0.0] @2")]
    public void Tolerated_forms(string line, string address, string expected)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("smtprelay.tab", "# relay networks\n" + line + "\n");
        Assert.Equal(expected, Client(AccessTableFactory.Open("xmail:" + path, "/"), address));
    }

    [Fact]
    public void Everyone_may_relay_is_worth_a_warning()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("smtprelay.tab", "\"0.0.0.0\"\t\"0.0.0.0\"\n");
        var table = (ITableDiagnostics)AccessTableFactory.Open("xmail:" + path, "/");
        Assert.Equal($"{path}:1: \"0.0.0.0\" \"0.0.0.0\" matches every address: anyone may relay through this server", Assert.Single(table.Warnings));
    }
}
