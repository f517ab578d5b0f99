using System.Net;
using Sekisho.Policy.Tables;
using static Sekisho.Policy.Tests.Tables.TableTestSupport;

namespace Sekisho.Policy.Tests.Tables;

/// <summary><c>mynetworks</c>: CIDR, bare and bracketed IPv6 addresses, files and tables, first match wins, <c>!</c> excludes.</summary>
public sealed class NetworkListTableTests
{
    [Theory]
    // The classic home server: mynetworks = 192.168.0.0/23, 127.0.0.0/8
    [InlineData("192.168.0.0/23,127.0.0.0/8", "192.168.1.200", "unknown", "192.168.0.0/23")]
    [InlineData("192.168.0.0/23,127.0.0.0/8", "192.168.2.1", "unknown", null)]
    [InlineData("192.168.0.0/23,127.0.0.0/8", "127.0.0.1", "unknown", "127.0.0.0/8")]
    [InlineData("192.168.0.0/23,127.0.0.0/8", "::ffff:127.0.0.1", "unknown", "127.0.0.0/8")]
    [InlineData("192.168.0.0/23,127.0.0.0/8", "::1", "unknown", null)]
    [InlineData("10.1.2.3", "10.1.2.3", "unknown", "10.1.2.3")]
    [InlineData("10.1.2.3", "10.1.2.4", "unknown", null)]
    [InlineData("[2001:db8::]/32,[::1]", "2001:db8:ffff::1", "unknown", "[2001:db8::]/32")]
    [InlineData("[2001:db8::]/32,[::1]", "::1", "unknown", "[::1]")]
    [InlineData("[2001:db8::]/32,[::1]", "::2", "unknown", null)]
    [InlineData("2001:db8::/32", "2001:db8::2", "unknown", "2001:db8::/32")]
    [InlineData("[::1]/128", "::1", "unknown", "[::1]/128")]
    // The first match decides, exclusions included.
    [InlineData("!192.168.1.5,192.168.1.0/24", "192.168.1.5", "unknown", "!192.168.1.5")]
    [InlineData("!192.168.1.5,192.168.1.0/24", "192.168.1.6", "unknown", "192.168.1.0/24")]
    [InlineData("192.168.1.0/24,!192.168.1.5", "192.168.1.5", "unknown", "192.168.1.0/24")]
    // Tables: a match is a Permit or PermitNoRelay answer; other answers do not match and the search goes on.
    [InlineData("cidr:clients.cidr", "192.168.1.1", "unknown", "cidr:clients.cidr (@2 192.168.1.1)")]
    [InlineData("cidr:clients.cidr", "192.168.1.2", "unknown", null)]
    [InlineData("cidr:clients.cidr", "8.8.8.8", "unknown", null)]
    [InlineData("cidr:clients.cidr,192.168.0.0/16", "192.168.1.2", "unknown", "192.168.0.0/16")]
    [InlineData("sendmail:sendmail-access", "192.168.1.9", "unknown", "sendmail:sendmail-access (@10 Connect:192.168.1)")]
    [InlineData("sendmail:sendmail-access", "198.51.100.1", "localhost", "sendmail:sendmail-access (@8 Connect:localhost)")]
    [InlineData("xmail:smtprelay.tab", "172.16.3.3", "unknown", "xmail:smtprelay.tab (@2 172.16.0.0)")]
    [InlineData("texthash:postfix-access", "192.168.1.9", "unknown", "texthash:postfix-access (@7 192.168.1)")]
    [InlineData("texthash:postfix-access", "192.168.1.66", "unknown", null)]
    [InlineData("inline:{10.1.1.1=OK},!10.0.0.0/8", "10.1.1.1", "unknown", "inline:{10.1.1.1=OK} (@inline:{10.1.1.1=OK} 10.1.1.1)")]
    [InlineData("inline:{10.1.1.1=OK},!10.0.0.0/8", "10.2.2.2", "unknown", "!10.0.0.0/8")]
    [InlineData("10.0.0.0/8,!inline:{10.1.1.1=OK}", "10.1.1.1", "unknown", "10.0.0.0/8")]
    [InlineData("!inline:{10.1.1.1=OK},10.0.0.0/8", "10.1.1.1", "unknown", "!inline:{10.1.1.1=OK} (@inline:{10.1.1.1=OK} 10.1.1.1)")]
    [InlineData("inline:{trusted.example=OK}", "203.0.113.1", "host.trusted.example", "inline:{trusted.example=OK} (@inline:{trusted.example=OK} trusted.example)")]
    public void Membership(string entries, string address, string hostname, string? expectedSource)
    {
        var list = NetworkListTable.Parse(entries.Split(','), DataDirectory);
        var contained = list.Contains(IPAddress.Parse(address), hostname, out var source);
        var decided = source is null ? null : ShortenSource(source);
        Assert.Equal(expectedSource is not null && !expectedSource.StartsWith('!'), contained);
        Assert.Equal(expectedSource, decided);
    }

    [Fact]
    public void Files_hold_patterns_with_comments()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("trusted", "# office networks\n10.0.0.0/8, 172.16.0.0/12\n\n[2001:db8::]/48 192.0.2.1\n!198.51.100.7\n198.51.100.0/24\n");
        var list = NetworkListTable.Parse(["127.0.0.0/8", path], "/");
        Assert.True(list.Contains(IPAddress.Parse("172.20.1.1"), "unknown", out var source));
        Assert.Equal($"{path}:2 172.16.0.0/12", source);
        Assert.True(list.Contains(IPAddress.Parse("2001:db8::5"), "unknown", out source));
        Assert.Equal($"{path}:4 [2001:db8::]/48", source);
        Assert.False(list.Contains(IPAddress.Parse("198.51.100.7"), "unknown", out source));
        Assert.Equal($"{path}:5 !198.51.100.7", source);
        Assert.True(list.Contains(IPAddress.Parse("198.51.100.8"), "unknown", out _));
        Assert.False(list.Contains(IPAddress.Parse("8.8.8.8"), "unknown", out source));
        Assert.Null(source);
    }

    [Fact]
    public void Values_of_tables_in_the_list_need_not_be_actions()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("trusted.cidr", "10.0.0.0/8 trusted office\n");
        var list = NetworkListTable.Parse(["cidr:" + path], "/");
        Assert.True(list.Contains(IPAddress.Parse("10.9.9.9"), "unknown", out _));
        Assert.Single(list.Tables);
    }

    [Theory]
    [InlineData("example.com", "\"example.com\": not a network (expected network/prefix, an address, [ipv6]/prefix, /file/name or type:table)")]
    [InlineData("192.168.1.1/23", "\"192.168.1.1/23\": non-null host address bits (did you mean 192.168.0.0/23?)")]
    [InlineData("192.168.1.0/33", "\"192.168.1.0/33\": not a network")]
    [InlineData("[192.168.1.0]/24", "\"[192.168.1.0]/24\": not a network")]
    [InlineData("regexp:/etc/x", "regexp: unsupported table type")]
    public void Bad_patterns(string entry, string expected)
    {
        var error = Assert.Throws<TableException>(() => NetworkListTable.Parse(["127.0.0.0/8", entry], "/"));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void Bad_patterns_in_files_name_the_line()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("trusted", "10.0.0.0/8\n# c\n10.0.0.1/8\n");
        var error = Assert.Throws<TableException>(() => NetworkListTable.Parse([path], "/"));
        Assert.Equal($"{path}:3: \"10.0.0.1/8\": non-null host address bits (did you mean 10.0.0.0/8?)", error.Message);
    }

    [Fact]
    public void Empty_contains_nothing() =>
        Assert.False(NetworkListTable.Empty.Contains(IPAddress.Loopback, "localhost", out _));

    /// <summary>Table sources carry the TestData path; keep the line only.</summary>
    private static string ShortenSource(string source)
    {
        var open = source.IndexOf(" (", StringComparison.Ordinal);
        if (open < 0)
        {
            return source;
        }
        var inner = source[(open + 2)..^1];
        var space = inner.LastIndexOf(' ');
        var where = inner[..space];
        var colon = where.LastIndexOf(':');
        var line = colon >= 0 && where[(colon + 1)..].All(char.IsAsciiDigit) ? where[(colon + 1)..] : where;
        return $"{source[..open]} (@{line} {inner[(space + 1)..]})";
    }
}
