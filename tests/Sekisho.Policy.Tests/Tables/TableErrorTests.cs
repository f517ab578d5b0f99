using Sekisho.Policy.Tables;

namespace Sekisho.Policy.Tests.Tables;

/// <summary>Every file error names PATH:LINE; type and spec errors name what was written.</summary>
public sealed class TableErrorTests
{
    [Theory]
    [InlineData("cidr", "192.168.1.0/33 OK", ":1: \"192.168.1.0/33\": bad address pattern (expected network/prefix or an address, e.g. 192.0.2.0/24, 2001:db8::/32)")]
    [InlineData("cidr", "192.168.1 OK", ":1: \"192.168.1\": bad address pattern")]
    [InlineData("cidr", "example.com OK", ":1: \"example.com\": bad address pattern")]
    [InlineData("cidr", "192.168.1.1/24 OK", ":1: \"192.168.1.1/24\": non-null host address bits (did you mean 192.168.1.0/24?)")]
    [InlineData("cidr", "2001:db8::1/32 OK", ":1: \"2001:db8::1/32\": non-null host address bits (did you mean 2001:db8::/32?)")]
    [InlineData("cidr", "# first\n\n192.168.1.0/24", ":3: \"192.168.1.0/24\": expected \"network/prefix result\"")]
    [InlineData("cidr", "10.0.0.0/8 OK\n# c\n10.0.0.0/8 HOLD", ":3: unsupported action \"HOLD\" (not supported yet; supported: OK, PERMIT, RELAY, DUNNO, REJECT, DEFER, DEFER_IF_PERMIT, DEFER_IF_REJECT, DISCARD, \"4xx text\" and \"5xx text\")")]
    [InlineData("cidr", "10.0.0.0/8 permit_mynetworks", ":1: \"permit_mynetworks\": restriction names as access table results are not supported yet")]
    [InlineData("cidr", "10.0.0.0/8 FILTER smtp:[127.0.0.1]:10025", ":1: unsupported action \"FILTER\"")]
    [InlineData("cidr", "if 10.0.0.0/8\n10.1.0.0/16 OK\nendif", ":1: if/endif blocks are not supported yet")]
    [InlineData("cidr", "  10.0.0.0/8 OK", ":1: a line that starts with whitespace continues the entry above, but there is none")]
    [InlineData("texthash", "example.com", ":1: \"example.com\": expected \"key whitespace value\"")]
    [InlineData("texthash", "a OK\n\n\nb REDIRECT x@y", ":4: unsupported action \"REDIRECT\"")]
    [InlineData("texthash", "a 650 Who knows", ":1: reply code 650: a numeric result must be 2xx, 4xx or 5xx")]
    [InlineData("hash", "a OK\nb HOLD", ":2: unsupported action \"HOLD\"")]
    [InlineData("sendmail", "Connect:192.168.1 QUARANTINE:Looks odd", ":1: unsupported action \"QUARANTINE:\" (not supported yet")]
    [InlineData("sendmail", "Connect:192.168.1 ACCEPT", ":1: unsupported action \"ACCEPT\"")]
    [InlineData("sendmail", "# c\nFrom:x ERROR:\"550 text", ":2: ERROR: unterminated quoted text")]
    [InlineData("sendmail", "From:x ERROR:5.7.1:450 text", ":1: enhanced status code 5.7.1 does not match reply code 450")]
    [InlineData("sendmail", "From:x ERROR:\"350 text\"", ":1: \"\"350 text\"\": expected a 4xx or 5xx reply code")]
    [InlineData("sendmail", "From:x ERROR:Go away", ":1: \"Go away\": expected a 4xx or 5xx reply code")]
    [InlineData("sendmail", "Helo:x OK", ":1: unknown tag \"Helo:\"")]
    [InlineData("sendmail", "Connect:IPv6:zz:1 OK", ":1: \"Connect:IPv6:zz:1\": bad IPv6 key")]
    [InlineData("sendmail", "Connect:192.168.1", ":1: \"Connect:192.168.1\": expected \"key whitespace action\", e.g. Connect:192.168.1 RELAY")]
    [InlineData("xmail", "\"192.168.0.0\"\t\"255.0.255.0\"", ":1: netmask \"255.0.255.0\" is not contiguous (its 1 bits must come first, e.g. 255.255.255.0)")]
    [InlineData("xmail", "\"10.0.0.0\"\t\"255.0.0.0\"\n\"192.168.0.0\"\t\"0.255.255.255\"", ":2: netmask \"0.255.255.255\" is not contiguous")]
    [InlineData("xmail", "\"192.168.0\"\t\"255.255.0.0\"", ":1: \"192.168.0\": not an IP address")]
    [InlineData("xmail", "\"192.168.0.0\"", ":1: expected \"address\"<TAB>\"netmask\"")]
    [InlineData("xmail", "\"192.168.0.0\"\t\"255.255.0.0\"\t\"x\"", ":1: expected \"address\"<TAB>\"netmask\"")]
    [InlineData("xmail", "\"192.168.0.0\t255.255.0.0", ":1: unterminated quoted field")]
    [InlineData("xmail", "\"192.168.0.0\"\t\"255.255.0\"", ":1: \"255.255.0\": not a netmask (expected e.g. 255.255.255.0)")]
    [InlineData("xmail", "\"2001:db8::\"\t\"129\"", ":1: prefix length \"129\" larger than 128")]
    [InlineData("xmail", "\"2001:db8::\"\t\"255.255.0.0\"", ":1: \"255.255.0.0\": not a netmask (expected a prefix length, e.g. 64)")]
    public void File_errors_name_path_and_line(string type, string content, string expected)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("table", content);
        var error = Assert.Throws<TableException>(() => AccessTableFactory.Open($"{type}:table", temp.Path));
        Assert.StartsWith(path + expected, error.Message);
        Assert.Equal(path, error.Where);
    }

    [Theory]
    [InlineData("regexp:/etc/postfix/x", "regexp: unsupported table type (supported: cidr:, texthash:, hash:, btree:, lmdb:, dbm:, inline:, sendmail:, xmail:)")]
    [InlineData("pcre:/etc/postfix/x", "pcre: unsupported table type")]
    [InlineData("static:OK", "static: unsupported table type")]
    [InlineData("/etc/postfix/access", "/etc/postfix/access: expected type:name, e.g. hash:/etc/postfix/access or cidr:/etc/postfix/clients.cidr")]
    [InlineData("hash:", "hash:: no file name after the table type")]
    [InlineData("inline: a=OK", "inline: a=OK: expected inline:{ key=value, ... }")]
    [InlineData("inline:{ a }", "inline:{ a }: item 1 \"a\": expected key=value (write { key = value } when the value has spaces)")]
    [InlineData("inline:{ a = OK }", "inline:{ a = OK }: item 1 \"a\": expected key=value")]
    [InlineData("inline:{ a=OK, b=HOLD }", "inline:{ a=OK, b=HOLD }: item 2 \"b=HOLD\": unsupported action \"HOLD\"")]
    [InlineData("inline:{ a=OK, {b=OK }", "inline:{ a=OK, {b=OK }: unbalanced { in an item")]
    public void Spec_errors(string spec, string expected)
    {
        var error = Assert.Throws<TableException>(() => AccessTableFactory.Open(spec, "/"));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void A_missing_file_is_named_with_its_full_path()
    {
        using var temp = new TempDirectory();
        var error = Assert.Throws<TableException>(() => AccessTableFactory.Open("cidr:missing.cidr", temp.Path));
        Assert.Equal(Path.Combine(temp.Path, "missing.cidr") + ": cannot open: no such file", error.Message);
    }

    [Fact]
    public void A_binary_database_is_not_a_text_table()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "dracd");
        File.WriteAllBytes(path, [0x00, 0x06, 0x15, 0x61, 0x31, 0x2e, 0x32, 0x00]);
        var error = Assert.Throws<TableException>(() => AccessTableFactory.Open("btree:" + path, "/"));
        Assert.StartsWith(path + ": this is a binary database", error.Message);
    }

    [Fact]
    public void Only_the_db_file_exists()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(Path.Combine(temp.Path, "access.db"), [0x00, 0x01]);
        var error = Assert.Throws<TableException>(() => AccessTableFactory.Open("hash:access", temp.Path));
        Assert.StartsWith(Path.Combine(temp.Path, "access") + ": only the binary database", error.Message);
    }

    [Fact]
    public void The_db_name_written_by_mistake_reads_the_source()
    {
        using var temp = new TempDirectory();
        temp.Write("access", "example.com REJECT\n");
        File.WriteAllBytes(Path.Combine(temp.Path, "access.db"), [0x00, 0x01]);
        var table = AccessTableFactory.Open("sendmail:access.db", temp.Path);
        Assert.Equal(AccessAction.Reject, table.FindSender("a@example.com")!.Action);
    }

    [Fact]
    public void Lines_are_bounded()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("access", "a OK\nb REJECT " + new string('x', 70_000) + "\n");
        var error = Assert.Throws<TableException>(() => AccessTableFactory.Open("texthash:" + path, "/"));
        Assert.Equal($"{path}:2: line longer than 65536 characters", error.Message);
    }

    [Fact]
    public void Match_list_mode_accepts_any_value()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("trusted.cidr", "10.0.0.0/8 trusted\n192.0.2.0/24 REJECT\n");
        Assert.Throws<TableException>(() => AccessTableFactory.Open("cidr:" + path, "/"));
        var table = AccessTableFactory.Open("cidr:" + path, "/", new AccessTableOptions { Values = TableValueMode.MatchList });
        Assert.Equal(AccessAction.Permit, table.FindClient(System.Net.IPAddress.Parse("10.1.1.1"), "unknown")!.Action);
        Assert.Equal(AccessAction.Reject, table.FindClient(System.Net.IPAddress.Parse("192.0.2.1"), "unknown")!.Action);
    }
}
