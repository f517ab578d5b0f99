using Sekisho.Policy.Tables;
using static Sekisho.Policy.Tests.Tables.TableTestSupport;

namespace Sekisho.Policy.Tests.Tables;

/// <summary>Postfix cidr_table(5), with TestData/clients.cidr loaded as is: the first matching line in file order wins.</summary>
public sealed class CidrTableTests
{
    private static readonly IAccessTable Table = Open("cidr:clients.cidr");

    [Theory]
    [InlineData("192.168.1.1", "Permit [192.168.1.1] @2")]
    [InlineData("192.168.1.2", "Reject 5.7.1 \"No mail from the lab network\" [192.168.0.0/16] @3")]
    [InlineData("192.168.255.255", "Reject 5.7.1 \"No mail from the lab network\" [192.168.0.0/16] @3")]
    [InlineData("172.20.0.1", "Reject 550 5.7.1 \"This network is not welcome here\" [172.16.0.0/12] @4")]
    [InlineData("172.32.0.1", "Dunno [!10.0.0.0/8] @11")]
    [InlineData("2001:db8::1", "Permit [2001:db8::1] @7")]
    [InlineData("2001:db8::2", "Defer \"Try again later\" [[2001:db8::]/32] @8")]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "Defer \"Try again later\" [[2001:db8::]/32] @8")]
    [InlineData("::1", "Permit [::1] @9")]
    // An IPv4 "!" line never matches IPv6 addresses.
    [InlineData("2001:db9::1", "-")]
    [InlineData("::ffff:192.168.1.1", "Permit [192.168.1.1] @2")]
    [InlineData("10.1.2.3", "Permit [10.0.0.0/8] @12")]
    [InlineData("8.8.8.8", "Dunno [!10.0.0.0/8] @11")]
    public void Clients_by_address(string address, string expected)
    {
        Assert.Equal(expected, Client(Table, address));
        Assert.Equal(expected, Client(Table, address, "mail.example.com"));
    }

    [Theory]
    [InlineData("[192.168.1.1]", "Permit [192.168.1.1] @2")]
    [InlineData("192.168.1.2", "Reject 5.7.1 \"No mail from the lab network\" [192.168.0.0/16] @3")]
    [InlineData("[IPv6:2001:db8::1]", "Permit [2001:db8::1] @7")]
    [InlineData("mail.example.com", "-")]
    [InlineData("[192.168.1]", "-")]
    public void Helo_address_literals(string helo, string expected) =>
        Assert.Equal(expected, Describe(Table.FindHelo(helo)));

    [Theory]
    [InlineData("user@[192.168.1.1]")]
    [InlineData("192.168.1.1")]
    [InlineData("")]
    public void Envelope_addresses_never_match(string address)
    {
        Assert.Null(Table.FindSender(address));
        Assert.Null(Table.FindRecipient(address));
    }

    [Theory]
    // entries, address, expected line (0: no match)
    [InlineData("10.0.0.0/8 REJECT|10.1.0.0/16 OK", "10.1.2.3", 1)]
    [InlineData("10.1.0.0/16 OK|10.0.0.0/8 REJECT", "10.1.2.3", 1)]
    [InlineData("10.1.0.0/16 OK|10.0.0.0/8 REJECT", "10.2.2.3", 2)]
    [InlineData("0.0.0.0/0 OK", "255.255.255.255", 1)]
    [InlineData("::/0 OK", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 1)]
    [InlineData("::/0 OK", "0.0.0.0", 0)]
    [InlineData("!192.0.2.0/24 REJECT|0.0.0.0/0 OK", "192.0.2.7", 2)]
    [InlineData("!192.0.2.0/24 REJECT|0.0.0.0/0 OK", "192.0.3.7", 1)]
    [InlineData("!0.0.0.0/0 REJECT", "192.0.3.7", 0)]
    [InlineData("192.0.2.255 OK|192.0.2.0/24 REJECT", "192.0.2.255", 1)]
    [InlineData("192.0.2.0/31 OK", "192.0.2.1", 1)]
    [InlineData("192.0.2.0/31 OK", "192.0.2.2", 0)]
    [InlineData("2001:db8::/127 OK|2001:db8::/32 REJECT", "2001:db8::1", 1)]
    public void First_match_in_file_order(string entries, string address, int expectedLine)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("t.cidr", entries.Replace('|', '\n'));
        var match = AccessTableFactory.Open("cidr:" + path, "/").FindClient(System.Net.IPAddress.Parse(address), "unknown");
        Assert.Equal(expectedLine == 0 ? null : $"{path}:{expectedLine}", match?.Source);
    }
}
