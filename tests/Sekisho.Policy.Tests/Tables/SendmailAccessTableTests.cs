using Sekisho.Policy.Tables;
using static Sekisho.Policy.Tests.Tables.TableTestSupport;

namespace Sekisho.Policy.Tests.Tables;

/// <summary>
/// The Sendmail access database source: TestData/sendmail-access is the file of the classic FreeBSD how-to
/// (<c>Connect:192.168.1 RELAY</c> added to the stock localhost lines); TestData/sendmail-access-full has every form.
/// </summary>
public sealed class SendmailAccessTableTests
{
    private static readonly IAccessTable Article = Open("sendmail:sendmail-access");
    private static readonly IAccessTable Full = Open("sendmail:sendmail-access-full");

    [Theory]
    [InlineData("192.168.1.10", "unknown", "Permit [Connect:192.168.1] @10")]
    [InlineData("192.168.1.254", "pc1.home.example", "Permit [Connect:192.168.1] @10")]
    [InlineData("192.168.10.1", "unknown", "-")]
    [InlineData("192.168.2.1", "unknown", "-")]
    [InlineData("127.0.0.1", "unknown", "Permit [Connect:127.0.0.1] @9")]
    [InlineData("127.0.0.1", "localhost", "Permit [Connect:localhost] @8")]
    [InlineData("198.51.100.7", "localhost.localdomain", "Permit [Connect:localhost.localdomain] @7")]
    [InlineData("198.51.100.7", "mail.outside.example", "-")]
    [InlineData("::1", "unknown", "-")]
    public void The_how_to_file(string address, string hostname, string expected) =>
        Assert.Equal(expected, Client(Article, address, hostname));

    [Fact]
    public void The_how_to_file_says_nothing_about_addresses_or_helo()
    {
        Assert.Null(Article.FindSender("someone@outside.example"));
        Assert.Null(Article.FindRecipient("someone@outside.example"));
        Assert.Null(Article.FindHelo("localhost"));
        Assert.Empty(((ITableDiagnostics)Article).Warnings);
    }

    [Theory]
    [InlineData("192.168.212.7", "unknown", "Reject [Connect:192.168.212] @5")]
    [InlineData("203.0.113.1", "mail.cyberspammer.com", "Reject [Connect:cyberspammer.com] @4")]
    [InlineData("128.32.2.5", "unknown", "Dunno [Connect:128.32.2] @10")]
    [InlineData("128.32.5.5", "unknown", "Permit [Connect:128.32] @11")]
    [InlineData("2002:c0a8:2c7::1", "unknown", "Permit [Connect:IPv6:2002:c0a8:02c7] @6")]
    [InlineData("2002:c0a8:51d2::23f4", "unknown", "Reject [Connect:IPv6:2002:c0a8:51d2::23f4] @7")]
    [InlineData("2002:c0a8:51d2::23f5", "unknown", "-")]
    // Tagged before untagged for the same key; untagged keys apply to clients too.
    [InlineData("203.0.113.1", "host.friend.example", "Permit [Connect:friend.example] @17")]
    [InlineData("203.0.113.1", "badguy.example", "Reject 553 \"Spammer\" [badguy.example] @15")]
    // A client without a name is looked up as Sendmail names it: [address].
    [InlineData("192.0.2.99", "unknown", "Discard [Connect:[192.0.2.99]] @20")]
    [InlineData("192.0.2.99", "named.example", "-")]
    public void Clients(string address, string hostname, string expected) =>
        Assert.Equal(expected, Client(Full, address, hostname));

    [Theory]
    [InlineData("spammer@aol.com", "Reject [From:spammer@aol.com] @2")]
    [InlineData("joe@cyberspammer.com", "Reject [From:cyberspammer.com] @3")]
    [InlineData("joe@mail.cyberspammer.com", "Reject [From:cyberspammer.com] @3")]
    [InlineData("joe@okay.cyberspammer.com", "PermitNoRelay [From:okay.cyberspammer.com] @8")]
    [InlineData("", "Reject 550 5.7.1 \"We do not accept bounces\" [From:<>] @12")]
    [InlineData("bad@anywhere.test", "Reject 550 5.7.1 \"Go away\" [From:bad@] @13")]
    [InlineData("x@badguy.example", "Reject 553 \"Spammer\" [badguy.example] @15")]
    [InlineData("x@friend.example", "PermitNoRelay [friend.example] @16")]
    [InlineData("x@old.example", "Reject 550 \"Old style\" [From:old.example] @19")]
    [InlineData("x@sendmail.org", "-")]
    public void Senders(string address, string expected) =>
        Assert.Equal(expected, Describe(Full.FindSender(address)));

    [Theory]
    [InlineData("x@sendmail.org", "Permit [To:sendmail.org] @9")]
    [InlineData("x@lists.sendmail.org", "Permit [To:sendmail.org] @9")]
    [InlineData("x@busy.example", "Defer 451 4.3.2 \"Try later\" [To:busy.example] @14")]
    [InlineData("x@badguy.example", "Reject 553 \"Spammer\" [badguy.example] @15")]
    [InlineData("spammer@aol.com", "-")]
    [InlineData("", "-")]
    public void Recipients(string address, string expected) =>
        Assert.Equal(expected, Describe(Full.FindRecipient(address)));

    [Fact]
    public void Entries_of_features_Sekisho_lacks_are_skipped_with_a_warning()
    {
        var warning = Assert.Single(((ITableDiagnostics)Full).Warnings);
        Assert.Equal(Path.Combine(DataDirectory, "sendmail-access-full") + ":18: \"GreetPause:localhost\": Sekisho has no such Sendmail feature; entry ignored", warning);
    }

    [Theory]
    [InlineData("OK", "PermitNoRelay")]
    [InlineData("ok", "PermitNoRelay")]
    [InlineData("RELAY", "Permit")]
    [InlineData("REJECT", "Reject")]
    [InlineData("DISCARD", "Discard")]
    [InlineData("SKIP", "Dunno")]
    [InlineData("ERROR:\"550 Go away\"", "Reject 550 \"Go away\"")]
    [InlineData("ERROR:550 Go away", "Reject 550 \"Go away\"")]
    [InlineData("ERROR:5.7.1:550 Go away", "Reject 550 5.7.1 \"Go away\"")]
    [InlineData("ERROR:\"5.7.1:550 Go away\"", "Reject 550 5.7.1 \"Go away\"")]
    [InlineData("ERROR:5.7.1:\"550 Go away\"", "Reject 550 5.7.1 \"Go away\"")]
    [InlineData("ERROR:\"550 5.7.1 Go away\"", "Reject 550 5.7.1 \"Go away\"")]
    [InlineData("ERROR:4.7.1:450 Later", "Defer 450 4.7.1 \"Later\"")]
    [InlineData("ERROR:\"421 Bye\"", "Defer 421 \"Bye\"")]
    [InlineData("ERROR:550", "Reject 550")]
    [InlineData("\"550 Old style\"", "Reject 550 \"Old style\"")]
    [InlineData("550 Old style", "Reject 550 \"Old style\"")]
    public void Actions(string value, string expected)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("access", $"To:example.com\t{value}\n");
        var described = Describe(AccessTableFactory.Open("sendmail:" + path, "/").FindRecipient("a@example.com"));
        Assert.Equal(expected, described[..described.IndexOf(" [", StringComparison.Ordinal)]);
    }

    [Theory]
    [InlineData("Connect:IPv6:2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    [InlineData("Connect:IPv6:2001:db8::1", "2001:db8::1")]
    [InlineData("Connect:2001:db8::1", "2001:db8::1")]
    [InlineData("IPv6:2001:0DB8", "2001:db8::1")]
    [InlineData("Connect:[IPv6:2001:db8::1]", "2001:db8::1")]
    public void IPv6_keys_in_any_form(string key, string address)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("access", key + " RELAY\n");
        Assert.Equal($"Permit [{key}] @1", Client(AccessTableFactory.Open("sendmail:" + path, "/"), address));
    }
}
