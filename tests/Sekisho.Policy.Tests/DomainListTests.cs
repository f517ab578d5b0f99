using Sekisho.Policy.Tables;

namespace Sekisho.Policy.Tests;

/// <summary>
/// <c>mydestination</c> and <c>relay_domains</c> lists as Postfix matches them: names, <c>.domain</c>, tables,
/// <c>!</c> exceptions, first match wins, parent matching only when asked, U-labels and A-labels alike.
/// </summary>
public sealed class DomainListTests
{
    private static DomainList List(bool parent, params string[] entries) =>
        DomainList.Create(entries, parent, spec => AccessTableFactory.Open(spec, Path.GetTempPath(), AccessTableOptions.Default with { Values = TableValueMode.MatchList }));

    [Theory]
    [InlineData("example.com", false, "example.com", true)]
    [InlineData("example.com", false, "EXAMPLE.com.", true)]
    [InlineData("example.com", false, "mail.example.com", false)]
    [InlineData("example.com", true, "mail.example.com", true)]
    [InlineData("example.com", true, "a.b.example.com", true)]
    [InlineData("example.com", true, "badexample.com", false)]
    [InlineData(".example.com", false, "mail.example.com", true)]
    [InlineData(".example.com", false, "example.com", false)]
    [InlineData(".example.com", true, "example.com", false)]
    [InlineData("例え.jp", false, "xn--r8jz45g.jp", true)]
    [InlineData("xn--r8jz45g.jp", false, "例え.jp", true)]
    [InlineData("xn--r8jz45g.jp", true, "mail.例え.jp", true)]
    [InlineData("example.com", false, "", false)]
    [InlineData("example.com", false, "[192.0.2.1]", false)]
    public void Names_match_as_postfix_matches_them(string entry, bool parent, string domain, bool expected)
    {
        Assert.Equal(expected, List(parent, entry).Contains(domain));
    }

    [Theory]
    [InlineData("sub.example.com", false)]
    [InlineData("a.sub.example.com", false)]
    [InlineData("other.example.com", true)]
    [InlineData("example.com", true)]
    public void The_first_matching_entry_decides_and_a_negation_says_no(string domain, bool expected)
    {
        Assert.Equal(expected, List(true, "!sub.example.com", "example.com").Contains(domain));
        Assert.True(List(true, "example.com", "!sub.example.com").Contains(domain)); // too late to say no
    }

    [Theory]
    [InlineData(true, "customer.example", true)]
    [InlineData(true, "www.customer.example", true)]
    [InlineData(false, "www.customer.example", false)]
    [InlineData(false, "a.hosted.example", true)]
    [InlineData(true, "a.hosted.example", true)]
    [InlineData(false, "hosted.example", false)]
    [InlineData(true, "xn--bcher-kva.example", true)]
    [InlineData(true, "other.example", false)]
    public void Tables_are_asked_for_the_domain_and_its_parents(bool parent, string domain, bool expected)
    {
        var list = List(parent, "inline:{ customer.example=OK, .hosted.example=anything, bücher.example=x }");
        Assert.Equal(expected, list.Contains(domain));
    }

    [Theory]
    [InlineData("cidr:/dev/null")]
    [InlineData("xmail:/dev/null")]
    [InlineData("sendmail:/dev/null")]
    public void Tables_that_cannot_hold_domains_are_refused(string spec)
    {
        var error = Assert.Throws<TableException>(() => List(false, spec));
        Assert.Contains("this table type cannot list domains (use hash:, texthash: or inline:)", error.Message);
    }

    [Fact]
    public void The_matching_entry_is_named_for_the_trace()
    {
        Assert.Equal(("!sub.example.com", true), List(true, "!sub.example.com", "example.com").Match("a.sub.example.com"));
        Assert.Null(List(true, "example.com").Match("other.example"));
    }
}
