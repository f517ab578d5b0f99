using Sekisho.Policy.Tables;
using static Sekisho.Policy.Tests.Tables.TableTestSupport;

namespace Sekisho.Policy.Tests.Tables;

/// <summary>
/// Postfix access(5) files (texthash:, hash: and friends), with TestData/postfix-access loaded as is:
/// host name and parent domains first, then the address and its octet prefixes; envelope addresses as
/// user@domain, domain and parents, user@; the first key found decides, DUNNO included.
/// </summary>
public sealed class PostfixAccessTableTests
{
    private static readonly IAccessTable Table = Open("texthash:postfix-access");

    [Theory]
    [InlineData("192.168.1.66", "unknown", "Reject [192.168.1.66] @6")]
    [InlineData("192.168.1.5", "unknown", "Permit [192.168.1] @7")]
    [InlineData("192.168.2.5", "unknown", "-")]
    [InlineData("192.168.10.5", "unknown", "-")]
    [InlineData("10.1.2.3", "unknown", "Permit [10] @8")]
    [InlineData("100.1.2.3", "unknown", "-")]
    [InlineData("2001:db8:1::5", "unknown", "Permit [2001:db8:1] @9")]
    [InlineData("2001:db8::bad", "unknown", "Reject 550 5.7.1 \"This host is not welcome\" [2001:db8::bad] @10")]
    [InlineData("2001:db8::beef", "unknown", "-")]
    [InlineData("203.0.113.5", "mail.example.com", "Permit [mail.example.com] @13")]
    [InlineData("203.0.113.5", "MAIL.Example.COM.", "Permit [mail.example.com] @13")]
    // The name is looked up before the address: a domain entry pre-empts an address entry, as in Postfix.
    [InlineData("192.168.1.66", "mail.example.com", "Permit [mail.example.com] @13")]
    [InlineData("203.0.113.5", "www.example.com", "Dunno [example.com] @14")]
    // DUNNO stops the search: the address entry is not reached.
    [InlineData("192.168.1.5", "www.example.com", "Dunno [example.com] @14")]
    [InlineData("203.0.113.5", "host.spammer.example", "Reject 5.7.1 \"No spam please\" [.spammer.example] @15")]
    [InlineData("203.0.113.5", "a.b.spammer.example", "Reject 5.7.1 \"No spam please\" [.spammer.example] @15")]
    // ".domain" matches subdomains only.
    [InlineData("203.0.113.5", "spammer.example", "-")]
    [InlineData("203.0.113.5", "slow.example.net", "Defer \"Try again later\" [slow.example.net] @16")]
    [InlineData("203.0.113.5", "unknown", "-")]
    public void Clients(string address, string hostname, string expected) =>
        Assert.Equal(expected, Client(Table, address, hostname));

    [Theory]
    [InlineData("spammer@aol.com", "Reject 550 \"No mail from you\" [spammer@aol.com] @19")]
    [InlineData("Spammer@AOL.com", "Reject 550 \"No mail from you\" [spammer@aol.com] @19")]
    [InlineData("<spammer@aol.com>", "Reject 550 \"No mail from you\" [spammer@aol.com] @19")]
    [InlineData("other@aol.com", "-")]
    // The full address comes before the domain.
    [InlineData("friend@spammer.example", "Permit [friend@spammer.example] @20")]
    [InlineData("other@spammer.example", "-")]
    [InlineData("other@mx.spammer.example", "Reject 5.7.1 \"No spam please\" [.spammer.example] @15")]
    // user@ comes after the domain.
    [InlineData("postmaster@anywhere.test", "Permit [postmaster@] @21")]
    [InlineData("postmaster@sub.example.com", "Dunno [example.com] @14")]
    [InlineData("", "Dunno [<>] @22")]
    [InlineData("<>", "Dunno [<>] @22")]
    [InlineData("sales@example.org", "Discard [sales@example.org] @23")]
    [InlineData("anyone@legacy.example.org", "Defer \"Service is unavailable\" [legacy.example.org] @24")]
    [InlineData("anyone@relay.example.org", "Permit [relay.example.org] @25")]
    [InlineData("anyone@mail.example.com", "Permit [mail.example.com] @13")]
    [InlineData("user@[192.168.1.5]", "-")]
    public void Senders_and_recipients(string address, string expected)
    {
        Assert.Equal(expected, Describe(Table.FindSender(address)));
        Assert.Equal(expected, Describe(Table.FindRecipient(address)));
    }

    [Theory]
    [InlineData("mail.example.com", "Permit [mail.example.com] @13")]
    [InlineData("x.spammer.example", "Reject 5.7.1 \"No spam please\" [.spammer.example] @15")]
    [InlineData("client.example.com", "Dunno [example.com] @14")]
    [InlineData("[192.168.1.5]", "-")]
    [InlineData("nothing.test", "-")]
    public void Helo_names(string helo, string expected) =>
        Assert.Equal(expected, Describe(Table.FindHelo(helo)));

    [Theory]
    [InlineData("hash")]
    [InlineData("btree")]
    [InlineData("lmdb")]
    [InlineData("dbm")]
    [InlineData("TEXTHASH")]
    public void Indexed_types_read_the_source_text(string type)
    {
        var table = Open(type + ":postfix-access");
        Assert.Equal(type + ":postfix-access", table.Name);
        Assert.Equal("Permit [192.168.1] @7", Client(table, "192.168.1.5"));
    }

    [Fact]
    public void A_match_names_its_file_and_line()
    {
        var match = Table.FindClient(System.Net.IPAddress.Parse("192.168.1.66"), "unknown")!;
        Assert.Equal(Path.Combine(DataDirectory, "postfix-access") + ":6", match.Source);
        Assert.Equal("REJECT", match.RawValue);
    }

    [Theory]
    // Postfix access(5) results and what they become.
    [InlineData("OK", "Permit")]
    [InlineData("ok", "Permit")]
    [InlineData("PERMIT", "Permit")]
    [InlineData("RELAY", "Permit")]
    [InlineData("1700000000", "Permit")]
    [InlineData("250 fine", "Permit")]
    [InlineData("DUNNO", "Dunno")]
    [InlineData("REJECT", "Reject")]
    [InlineData("REJECT Go away", "Reject \"Go away\"")]
    [InlineData("reject 5.7.1 Go away", "Reject 5.7.1 \"Go away\"")]
    [InlineData("REJECT 4.7.1 Go away", "Reject 5.7.1 \"Go away\"")]
    [InlineData("DEFER", "Defer")]
    [InlineData("DEFER 4.3.2 Busy", "Defer 4.3.2 \"Busy\"")]
    [InlineData("DEFER_IF_PERMIT Maybe", "Defer \"Maybe\"")]
    [InlineData("DEFER_IF_REJECT", "Defer")]
    [InlineData("DISCARD", "Discard")]
    [InlineData("DISCARD spam", "Discard \"spam\"")]
    [InlineData("550 Go away", "Reject 550 \"Go away\"")]
    [InlineData("554 5.7.1 Go away", "Reject 554 5.7.1 \"Go away\"")]
    [InlineData("450 4.7.1 Later", "Defer 450 4.7.1 \"Later\"")]
    [InlineData("421 Bye", "Defer 421 \"Bye\"")]
    // A bare code: Postfix would read it as all-numerical (OK); Sekisho refuses as the code says.
    [InlineData("550", "Reject 550")]
    [InlineData("451", "Defer 451")]
    public void Actions(string value, string expected)
    {
        var table = AccessTableFactory.Open("inline:{ {key = " + value + "} }", DataDirectory);
        var described = Describe(table.FindHelo("key"));
        Assert.Equal(expected, described[..described.IndexOf(" [", StringComparison.Ordinal)]);
    }

    [Fact]
    public void Unknown_is_a_host_name_like_any_other()
    {
        // Postfix looks the name "unknown" up too: a key "unknown" matches clients without a verified name.
        var table = AccessTableFactory.Open("inline:{ unknown=REJECT, 192.0.2=OK }", DataDirectory);
        Assert.Equal(AccessAction.Reject, table.FindClient(System.Net.IPAddress.Parse("192.0.2.1"), "unknown")!.Action);
        Assert.Equal(AccessAction.Permit, table.FindClient(System.Net.IPAddress.Parse("192.0.2.1"), "host.example")!.Action);
    }

    [Theory]
    [InlineData("2001:DB8:0:0::1 OK", "2001:db8::1", "Permit [2001:DB8:0:0::1] @1")]
    [InlineData("2001:db8 OK", "2001:db8::1", "Permit [2001:db8] @1")]
    [InlineData("2001:db8:0:1 OK", "2001:db8:0:1::1", "Permit [2001:db8:0:1] @1")]
    // The prefixes are cut from the compressed text, as in Postfix: 2001:db8::1:0:0:5 never yields 2001:db8:0:0.
    [InlineData("2001:db8:0:0 OK", "2001:db8:0:0:1::5", "-")]
    [InlineData("2001 OK", "2001:db8::1", "Permit [2001] @1")]
    public void IPv6_client_keys(string entry, string address, string expected)
    {
        using var temp = new TempDirectory();
        _ = temp.Write("access", entry + "\n");
        Assert.Equal(expected, Client(AccessTableFactory.Open("texthash:access", temp.Path), address));
    }

    [Fact]
    public void Continuation_lines_and_duplicates()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("access", "example.com REJECT Mail from\n  this domain is\n\tnot welcome\nexample.com OK\n");
        var table = AccessTableFactory.Open("texthash:" + path, "/");
        Assert.Equal("Reject \"Mail from this domain is not welcome\" [example.com] @1", Describe(table.FindHelo("example.com")));
        var warning = Assert.Single(((ITableDiagnostics)table).Warnings);
        Assert.Equal($"{path}:4: duplicate entry \"example.com\" ignored: line 1 wins", warning);
    }
}
