using Sekisho.Protocol.Smtp;

namespace Sekisho.Protocol.Tests.Smtp;

public sealed class SmtpPathParserTests
{
    private const string MailSyntax = "501 5.5.4 Syntax: MAIL FROM:<address>";
    private const string RcptSyntax = "501 5.5.4 Syntax: RCPT TO:<address>";
    private const string BadSender = "501 5.1.7 Bad sender address syntax";
    private const string BadRecipient = "501 5.1.3 Bad recipient address syntax";

    /// <summary>Columns: argument, local part, domain, quoted, source route (comma-joined), Address, parameters (KEY=VALUE or KEY, ';'-joined).</summary>
    [Theory]
    [InlineData("FROM:<alice@example.com>", "alice", "example.com", false, "", "alice@example.com", "")]
    [InlineData("from:<alice@example.com>", "alice", "example.com", false, "", "alice@example.com", "")]
    [InlineData("FROM: <alice@example.com>", "alice", "example.com", false, "", "alice@example.com", "")]
    [InlineData("FROM:   <alice@example.com>  ", "alice", "example.com", false, "", "alice@example.com", "")]
    [InlineData("FROM:alice@example.com", "alice", "example.com", false, "", "alice@example.com", "")]
    [InlineData("FROM: alice@example.com", "alice", "example.com", false, "", "alice@example.com", "")]
    [InlineData("FROM:<>", "", "", false, "", "", "")]
    [InlineData("FROM:<> BODY=8BITMIME", "", "", false, "", "", "BODY=8BITMIME")]
    [InlineData("FROM:<a@b> SIZE=100 BODY=8BITMIME", "a", "b", false, "", "a@b", "SIZE=100;BODY=8BITMIME")]
    [InlineData("FROM:<a@b>  size=100\tsmtputf8 ", "a", "b", false, "", "a@b", "SIZE=100;SMTPUTF8")]
    [InlineData("FROM:<a@b> AUTH=<> RET=HDRS ENVID=QQ314159", "a", "b", false, "", "a@b", "AUTH=<>;RET=HDRS;ENVID=QQ314159")]
    [InlineData("FROM:<a@b> X-Vendor-1=v+2B", "a", "b", false, "", "a@b", "X-VENDOR-1=v+2B")]
    [InlineData("FROM:<Alice.Smith@Example.COM>", "Alice.Smith", "Example.COM", false, "", "Alice.Smith@Example.COM", "")]
    [InlineData("FROM:<user%other.example@local>", "user%other.example", "local", false, "", "user%other.example@local", "")]
    [InlineData("FROM:<other!user@local>", "other!user", "local", false, "", "other!user@local", "")]
    [InlineData("FROM:<@relay.example:user@other.example>", "user", "other.example", false, "relay.example", "user@other.example", "")]
    [InlineData("FROM:<@a.example,@b.example:u@d.example>", "u", "d.example", false, "a.example,b.example", "u@d.example", "")]
    [InlineData("FROM:<\"user@other\"@local>", "user@other", "local", true, "", "\"user@other\"@local", "")]
    [InlineData("FROM:<\"a b\"@x>", "a b", "x", true, "", "\"a b\"@x", "")]
    [InlineData("FROM:<\"a\\\"b\\\\c\"@x>", "a\"b\\c", "x", true, "", "\"a\\\"b\\\\c\"@x", "")]
    [InlineData("FROM:<\"a>b\"@x> SIZE=1", "a>b", "x", true, "", "\"a>b\"@x", "SIZE=1")]
    [InlineData("FROM:<\"alice\"@x>", "alice", "x", true, "", "alice@x", "")]
    [InlineData("FROM:<\"\"@x>", "", "x", true, "", "\"\"@x", "")]
    [InlineData("FROM:<user@[127.0.0.1]>", "user", "[127.0.0.1]", false, "", "user@[127.0.0.1]", "")]
    [InlineData("FROM:<user@[IPv6:2001:db8::1]>", "user", "[IPv6:2001:db8::1]", false, "", "user@[IPv6:2001:db8::1]", "")]
    [InlineData("FROM:<user@[ipv6:::ffff:192.0.2.1]>", "user", "[ipv6:::ffff:192.0.2.1]", false, "", "user@[ipv6:::ffff:192.0.2.1]", "")]
    [InlineData("FROM:<用户@例子.广告> SMTPUTF8", "用户", "例子.广告", false, "", "用户@例子.广告", "SMTPUTF8")]
    [InlineData("FROM:<josé@exámple.com>", "josé", "exámple.com", false, "", "josé@exámple.com", "")]
    [InlineData("FROM:<a@xn--bcher-kva.example>", "a", "xn--bcher-kva.example", false, "", "a@xn--bcher-kva.example", "")]
    [InlineData("FROM:<a-b@1.2.3.4>", "a-b", "1.2.3.4", false, "", "a-b@1.2.3.4", "")]
    public void Mail_from(string argument, string local, string domain, bool quoted, string route, string address, string parameters)
    {
        Assert.True(SmtpPathParser.TryParseMailFrom(argument, out var path, out var parsed, out var error), error?.ToLogString());
        Assert.Null(error);
        Assert.Equal(local, path.LocalPart);
        Assert.Equal(domain, path.Domain);
        Assert.Equal(quoted, path.LocalPartWasQuoted);
        Assert.Equal(route, string.Join(",", path.SourceRoute));
        Assert.Equal(address, path.Address);
        Assert.Equal(parameters, Format(parsed));
    }

    [Theory]
    [InlineData("TO:<bob@example.com>", "bob", "example.com", false, "", "bob@example.com", "")]
    [InlineData("to:<bob@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.com", "bob", "example.com", false, "", "bob@example.com", "NOTIFY=SUCCESS,FAILURE;ORCPT=rfc822;bob@example.com")]
    [InlineData("TO: <bob@example.com>", "bob", "example.com", false, "", "bob@example.com", "")]
    [InlineData("TO:bob@example.com", "bob", "example.com", false, "", "bob@example.com", "")]
    [InlineData("TO:<postmaster>", "postmaster", "", false, "", "postmaster", "")]
    [InlineData("TO:<PostMaster>", "PostMaster", "", false, "", "PostMaster", "")]
    [InlineData("TO:<postmaster@example.com>", "postmaster", "example.com", false, "", "postmaster@example.com", "")]
    [InlineData("TO:<user%other.example@local>", "user%other.example", "local", false, "", "user%other.example@local", "")]
    [InlineData("TO:<other!user@local>", "other!user", "local", false, "", "other!user@local", "")]
    [InlineData("TO:<@relay.example:user@other.example>", "user", "other.example", false, "relay.example", "user@other.example", "")]
    [InlineData("TO:<\"user@other\"@local>", "user@other", "local", true, "", "\"user@other\"@local", "")]
    [InlineData("TO:<user@[127.0.0.1]>", "user", "[127.0.0.1]", false, "", "user@[127.0.0.1]", "")]
    [InlineData("TO:<用户@例子.广告>", "用户", "例子.广告", false, "", "用户@例子.广告", "")]
    public void Rcpt_to(string argument, string local, string domain, bool quoted, string route, string address, string parameters)
    {
        Assert.True(SmtpPathParser.TryParseRcptTo(argument, out var path, out var parsed, out var error), error?.ToLogString());
        Assert.Null(error);
        Assert.Equal(local, path.LocalPart);
        Assert.Equal(domain, path.Domain);
        Assert.Equal(quoted, path.LocalPartWasQuoted);
        Assert.Equal(route, string.Join(",", path.SourceRoute));
        Assert.Equal(address, path.Address);
        Assert.Equal(parameters, Format(parsed));
    }

    [Theory]
    // Structure: the FROM: prefix, the brackets, what is glued to them.
    [InlineData("", MailSyntax)]
    [InlineData("FROM:", MailSyntax)]
    [InlineData("FROM: ", MailSyntax)]
    [InlineData("<a@b>", MailSyntax)]
    [InlineData("FROM<a@b>", MailSyntax)]
    [InlineData("FROM :<a@b>", MailSyntax)]
    [InlineData("TO:<a@b>", MailSyntax)]
    [InlineData("FROM:<a@b", MailSyntax)]
    [InlineData("FROM:a@b>", MailSyntax)]
    [InlineData("FROM:<<a@b>>", MailSyntax)]
    [InlineData("FROM:<a@b>>", MailSyntax)]
    [InlineData("FROM:<a<b@c>", MailSyntax)]
    [InlineData("FROM:<\"a@b>", MailSyntax)]
    [InlineData("FROM:<a@b>SIZE=1", MailSyntax)]
    [InlineData("FROM:a@b SIZE=1", MailSyntax)]
    [InlineData("FROM:a@b c@d", MailSyntax)]
    // Parameters.
    [InlineData("FROM:<a@b> =1", MailSyntax)]
    [InlineData("FROM:<a@b> SIZE=", MailSyntax)]
    [InlineData("FROM:<a@b> SIZE==1", MailSyntax)]
    [InlineData("FROM:<a@b> SIZE=1=2", MailSyntax)]
    [InlineData("FROM:<a@b> -X=1", MailSyntax)]
    [InlineData("FROM:<a@b> S_IZE=1", MailSyntax)]
    [InlineData("FROM:<a@b> SÍZE=1", MailSyntax)]
    [InlineData("FROM:<a@b> SIZE=\u00851", MailSyntax)]
    [InlineData("FROM:<a@b> >", MailSyntax)]
    // The address itself.
    [InlineData("FROM:<a@>", BadSender)]
    [InlineData("FROM:<@b>", BadSender)]
    [InlineData("FROM:<@a:>", BadSender)]
    [InlineData("FROM:<@a,b:c@d>", BadSender)]
    [InlineData("FROM:<@a,:c@d>", BadSender)]
    [InlineData("FROM:<@:c@d>", BadSender)]
    [InlineData("FROM:<@a.example.:c@d>", BadSender)]
    [InlineData("FROM:<a@b@c>", BadSender)]
    [InlineData("FROM:<user@other.example.>", BadSender)]
    [InlineData("FROM:<a@.b>", BadSender)]
    [InlineData("FROM:<a@b..c>", BadSender)]
    [InlineData("FROM:<a@-b.c>", BadSender)]
    [InlineData("FROM:<a@b-.c>", BadSender)]
    [InlineData("FROM:<a@b_c.d>", BadSender)]
    [InlineData("FROM:<a@b c>", BadSender)]
    [InlineData("FROM:<a b@c>", BadSender)]
    [InlineData("FROM:<.a@b>", BadSender)]
    [InlineData("FROM:<a.@b>", BadSender)]
    [InlineData("FROM:<a..b@c>", BadSender)]
    [InlineData("FROM:<a(comment)@b>", BadSender)]
    [InlineData("FROM:<a,b@c>", BadSender)]
    [InlineData("FROM:<\"a\"b@c>", BadSender)]
    [InlineData("FROM:<\"a\tb\"@c>", BadSender)]
    [InlineData("FROM:<\"a\\\u00e9\"@c>", BadSender)]
    [InlineData("FROM:<a\u202Eb@c>", BadSender)]
    [InlineData("FROM:<a@b\u00a0c>", BadSender)]
    [InlineData("FROM:<a@[127.0.0.1>", BadSender)]
    [InlineData("FROM:<a@[127.0.0.256]>", BadSender)]
    [InlineData("FROM:<a@[127.0.0]>", BadSender)]
    [InlineData("FROM:<a@[127.0.0.1.2]>", BadSender)]
    [InlineData("FROM:<a@[0x7f.0.0.1]>", BadSender)]
    [InlineData("FROM:<a@[1234.0.0.1]>", BadSender)]
    [InlineData("FROM:<a@[]>", BadSender)]
    [InlineData("FROM:<a@[IPv6:1.2.3.4]>", BadSender)]
    [InlineData("FROM:<a@[IPv6:fe80::1%eth0]>", BadSender)]
    [InlineData("FROM:<a@[IPv6:2001:db8::g]>", BadSender)]
    [InlineData("FROM:<a@[x-tag:stuff]>", BadSender)]
    [InlineData("FROM:<a@[127.0.0.1]x>", BadSender)]
    public void Mail_from_refusals(string argument, string reply)
    {
        Assert.False(SmtpPathParser.TryParseMailFrom(argument, out var path, out var parameters, out var error));
        Assert.Equal(reply, error!.ToLogString());
        Assert.Same(SmtpPath.Null, path);
        Assert.Empty(parameters);
    }

    [Theory]
    [InlineData("", RcptSyntax)]
    [InlineData("TO:", RcptSyntax)]
    [InlineData("FROM:<a@b>", RcptSyntax)]
    [InlineData("TO:<a@b", RcptSyntax)]
    [InlineData("TO:<a@b> NOTIFY=", RcptSyntax)]
    [InlineData("TO:a@b NOTIFY=NEVER", RcptSyntax)]
    [InlineData("TO:<>", BadRecipient)]
    [InlineData("TO:<@relay:postmaster>", BadRecipient)]
    [InlineData("TO:<postmaster@>", BadRecipient)]
    public void Rcpt_to_refusals(string argument, string reply)
    {
        Assert.False(SmtpPathParser.TryParseRcptTo(argument, out var path, out var parameters, out var error));
        Assert.Equal(reply, error!.ToLogString());
        Assert.Same(SmtpPath.Null, path);
        Assert.Empty(parameters);
    }

    /// <summary>RFC 5321 4.5.3.1: local part 64 octets, domain 255, the whole path with brackets 256.</summary>
    [Theory]
    [InlineData(64, 10, true)]
    [InlineData(65, 10, false)]
    [InlineData(10, 243, true)] // <10@243> = 1 + 10 + 1 + 243 + 1 = 256
    [InlineData(10, 244, false)] // path 257
    [InlineData(0, 255, false)] // domain fits, path does not
    public void Length_limits(int localLength, int domainLength, bool ok)
    {
        var local = localLength == 0 ? "a" : new string('l', localLength);
        var domain = Domain(domainLength);
        var parsed = SmtpPathParser.TryParseMailFrom($"FROM:<{local}@{domain}>", out _, out _, out var error);
        Assert.Equal(ok, parsed);
        if (!ok)
        {
            Assert.Equal(BadSender, error!.ToLogString());
        }
    }

    [Theory]
    [InlineData(21, true)] // 63 octets
    [InlineData(22, false)] // 66 octets
    public void Local_part_limit_counts_utf8_octets(int characters, bool ok)
    {
        Assert.Equal(ok, SmtpPathParser.TryParseMailFrom($"FROM:<{new string('用', characters)}@x>", out _, out _, out _));
    }

    [Fact]
    public void Lone_surrogate_is_a_bad_address()
    {
        Assert.False(SmtpPathParser.TryParseMailFrom("FROM:<a@b\ud800>", out _, out _, out var error));
        Assert.Equal(BadSender, error!.ToLogString());
    }

    [Theory]
    [InlineData(63, true)]
    [InlineData(64, false)]
    public void Label_limit(int length, bool ok)
    {
        Assert.Equal(ok, SmtpPathParser.TryParseRcptTo($"TO:<a@{new string('d', length)}.example>", out _, out _, out _));
    }

    private static string Domain(int length)
    {
        // Labels of 50 letters separated by dots, cut to the length without ending in a dot.
        var labels = string.Join(".", Enumerable.Repeat(new string('d', 50), 10));
        var domain = labels[..length];
        return domain.EndsWith('.') ? domain[..^1] + "e" : domain;
    }

    private static string Format(IReadOnlyList<EsmtpParameter> parameters) =>
        string.Join(";", parameters.Select(p => p.Value is null ? p.Keyword : p.Keyword + "=" + p.Value));

    /// <summary>
    /// RCPT is read like Postfix reads it, so a relay trick meets the relay policy (554) rather than a syntax
    /// error: an unqualified recipient is ours (empty domain), the last @ separates the domain, a root dot is dropped.
    /// </summary>
    [Theory]
    [InlineData("TO:<a>", "a", "", false, "a")]
    [InlineData("TO:<\"postmaster\">", "postmaster", "", true, "postmaster")]
    [InlineData("TO:<other.example!user>", "other.example!user", "", false, "other.example!user")]
    [InlineData("TO:<\"user@other.example\">", "user@other.example", "", true, "\"user@other.example\"")]
    [InlineData("TO:<a@b@c>", "a@b", "c", false, "\"a@b\"@c")]
    [InlineData("TO:<user@other.example@example.test>", "user@other.example", "example.test", false, "\"user@other.example\"@example.test")]
    [InlineData("TO:<user@other.example.>", "user", "other.example", false, "user@other.example")]
    [InlineData("TO:<@relay.example:user@other.example@example.test>", "user@other.example", "example.test", false, "\"user@other.example\"@example.test")]
    public void Recipients_are_read_leniently_so_tricks_reach_the_policy(string argument, string localPart, string domain, bool quoted, string address)
    {
        Assert.True(SmtpPathParser.TryParseRcptTo(argument, out var path, out _, out var error), error?.ToString());
        Assert.Equal(localPart, path.LocalPart);
        Assert.Equal(domain, path.Domain);
        Assert.Equal(quoted, path.LocalPartWasQuoted);
        Assert.Equal(address, path.Address);
    }

    [Theory]
    [InlineData("FROM:<postmaster>", "postmaster")]
    [InlineData("FROM:<a>", "a")]
    [InlineData("FROM:<\"a b\">", "a b")]
    public void Unqualified_senders_are_accepted_with_an_empty_domain_as_Postfix_does(string argument, string localPart)
    {
        Assert.True(SmtpPathParser.TryParseMailFrom(argument, out var path, out _, out var error), error?.ToString());
        Assert.Equal(localPart, path.LocalPart);
        Assert.Equal("", path.Domain);
        Assert.False(path.IsNull);
    }

    [Theory]
    [InlineData("FROM:<a@b@c>")]
    [InlineData("FROM:<a@b.example.>")]
    [InlineData("FROM:<@relay.example:postmaster>")]
    public void Senders_stay_strict(string argument)
    {
        Assert.False(SmtpPathParser.TryParseMailFrom(argument, out _, out _, out var error));
        Assert.Equal("501 5.1.7 Bad sender address syntax\r\n", error!.ToString());
    }

    [Theory]
    [InlineData("TO:<a@b@>")]
    [InlineData("TO:<@a:>")]
    [InlineData("TO:<a..b@c@d>")]
    [InlineData("TO:<a@b..>")]
    [InlineData("TO:<a@[1.2.3.4].>")]
    public void Lenient_reading_still_refuses_garbage(string argument)
    {
        Assert.False(SmtpPathParser.TryParseRcptTo(argument, out _, out _, out var error));
        Assert.Equal("501 5.1.3 Bad recipient address syntax\r\n", error!.ToString());
    }
}
