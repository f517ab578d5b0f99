using Sekisho.Policy.Tables;
using static Sekisho.Policy.Tests.Tables.TableTestSupport;

namespace Sekisho.Policy.Tests.Tables;

/// <summary>Postfix inline tables: the content is in the name, and so is the source of every match.</summary>
public sealed class InlineTableTests
{
    private const string Spec = "inline:{ 192.168.1=OK, example.com=REJECT,{ spammer.example = REJECT 5.7.1 Go away },<>=DUNNO  postmaster@=OK }";
    private static readonly IAccessTable Table = AccessTableFactory.Open(Spec, "/");

    [Theory]
    [InlineData("192.168.1.7", "unknown", "Permit [192.168.1] @" + Spec)]
    [InlineData("192.0.2.7", "mx.example.com", "Reject [example.com] @" + Spec)]
    [InlineData("192.0.2.7", "unknown", "-")]
    public void Clients(string address, string hostname, string expected) =>
        Assert.Equal(expected, Client(Table, address, hostname));

    [Theory]
    [InlineData("a@spammer.example", "Reject 5.7.1 \"Go away\" [spammer.example] @" + Spec)]
    [InlineData("", "Dunno [<>] @" + Spec)]
    [InlineData("postmaster@elsewhere.example", "Permit [postmaster@] @" + Spec)]
    [InlineData("a@elsewhere.example", "-")]
    public void Senders(string address, string expected) =>
        Assert.Equal(expected, Describe(Table.FindSender(address)));

    [Theory]
    [InlineData("inline:{}")]
    [InlineData("inline:{ }")]
    [InlineData("inline:{,}")]
    public void Empty_tables(string spec) =>
        Assert.Null(AccessTableFactory.Open(spec, "/").FindHelo("example.com"));
}
