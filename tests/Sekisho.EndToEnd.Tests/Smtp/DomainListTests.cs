using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary>
/// <c>mydestination</c> and <c>relay_domains</c> as Postfix reads them, through the wire from an untrusted client
/// (127.0.0.2): internationalized domains in either form, subdomains of relay domains, files and tables of domains.
/// </summary>
public sealed class DomainListTests : IDisposable
{
    private const string Outside = "127.0.0.2";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sekisho-domains-" + Guid.NewGuid().ToString("N")[..10]);

    public DomainListTests()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "relay_domains"), "# partners (the first entry that matches decides)\n!internal.partner.example\npartner.example\n");
        File.WriteAllText(Path.Combine(_folder, "relay_table"), "customer.example   OK\n.hosted.example  anything\n");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("mydestination = 例え.jp, localhost", "alice@xn--r8jz45g.jp", "250 2.1.5 Ok")]
    [InlineData("mydestination = xn--r8jz45g.jp, localhost", "alice@XN--R8JZ45G.JP", "250 2.1.5 Ok")]
    [InlineData("mydestination = 例え.jp, localhost", "nobody@xn--r8jz45g.jp", "550 5.1.1 <nobody@xn--r8jz45g.jp>: Recipient address rejected: User unknown")]
    [InlineData("mydestination = 例え.jp, localhost", "alice@example.test", "554 5.7.1 <alice@example.test>: Relay access denied")]
    public async Task Internationalized_local_domains_match_in_either_form(string config, string recipient, string expected)
    {
        await using var server = await TestServer.StartAsync(config);
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Outside);
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<someone@elsewhere.example>"));
        Assert.Equal(expected, await smtp.CommandAsync($"RCPT TO:<{recipient}>"));
    }

    [Fact]
    public async Task A_utf8_recipient_reaches_the_local_domain_written_as_an_a_label()
    {
        await using var server = await TestServer.StartAsync("mydestination = xn--r8jz45g.jp, localhost");
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Outside);
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<someone@elsewhere.example> SMTPUTF8"));
        Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<alice@例え.jp>"));
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await smtp.CommandAsync("DATA"));
        Assert.StartsWith("250 2.0.0 Ok: queued as ", await smtp.CommandAsync("Subject: idn\r\n\r\nhello\r\n."));
        await server.WaitForMessagesAsync("alice", 1);
    }

    [Theory]
    [InlineData("relay_domains = partner.example", "x@partner.example", true)]
    [InlineData("relay_domains = partner.example", "x@mx.sub.partner.example", true)]
    [InlineData("relay_domains = partner.example\nparent_domain_matches_subdomains =", "x@sub.partner.example", false)]
    [InlineData("relay_domains = .partner.example\nparent_domain_matches_subdomains =", "x@sub.partner.example", true)]
    [InlineData("relay_domains = .partner.example\nparent_domain_matches_subdomains =", "x@partner.example", false)]
    [InlineData("relay_domains = partner.example", "x@notpartner.example", false)]
    [InlineData("relay_domains = {folder}/relay_domains", "x@sub.partner.example", true)]
    [InlineData("relay_domains = {folder}/relay_domains", "x@internal.partner.example", false)]
    [InlineData("relay_domains = {folder}/relay_domains", "x@a.internal.partner.example", false)]
    [InlineData("relay_domains = hash:{folder}/relay_table", "x@customer.example", true)]
    [InlineData("relay_domains = hash:{folder}/relay_table", "x@www.customer.example", true)]
    [InlineData("relay_domains = hash:{folder}/relay_table", "x@a.hosted.example", true)]
    [InlineData("relay_domains = hash:{folder}/relay_table", "x@other.example", false)]
    [InlineData("relay_domains = inline:{ bücher.example=OK }", "x@xn--bcher-kva.example", true)]
    public async Task Relay_domains_are_relayed_for_anyone_and_nothing_else_is(string config, string recipient, bool relayed)
    {
        await using var server = await TestServer.StartAsync(config.Replace("{folder}", _folder, StringComparison.Ordinal));
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Outside);
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<someone@elsewhere.example>"));
        Assert.Equal(relayed ? "250 2.1.5 Ok" : $"554 5.7.1 <{recipient}>: Relay access denied", await smtp.CommandAsync($"RCPT TO:<{recipient}>"));
        Assert.Equal("250 2.0.0 Ok", await smtp.CommandAsync("RSET"));
        server.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task A_cidr_table_cannot_list_domains()
    {
        File.WriteAllText(Path.Combine(_folder, "nets.cidr"), "10.0.0.0/8 OK\n");
        var error = await Assert.ThrowsAsync<Sekisho.Config.ConfigException>(() => TestServer.StartAsync($"relay_domains = cidr:{_folder}/nets.cidr"));
        Assert.Contains(": relay_domains: ", error.Message);
        Assert.Contains("this table type cannot list domains (use hash:, texthash: or inline:)", error.Message);
    }
}
