using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary>
/// ETRN (RFC 1985): the "backup MX for a dial-up site" setup. <c>relay.example</c> is a relay domain whose mail waits
/// (<c>defer_transports = smtp</c>) until the site's server asks for it with ETRN; it then goes to that site (a second
/// Sekisho) through <c>transport_maps</c>.
/// </summary>
public sealed class EtrnTests : IAsyncLifetime
{
    private const string Outsider = "127.0.0.2";
    private TestServer _site = null!;
    private TestServer _backup = null!;

    public async Task InitializeAsync()
    {
        _site = await TestServer.StartAsync("mydestination = relay.example, localhost");
        _backup = await TestServer.StartAsync($"""
            relay_domains = relay.example
            transport_maps = inline:{"{"} relay.example=smtp:[127.0.0.1]:{_site.SmtpPort} {"}"}
            defer_transports = smtp
            smtp_tls_security_level = none
            smtpd_etrn_restrictions = permit_mynetworks, reject
            """);
    }

    public async Task DisposeAsync()
    {
        await _backup.DisposeAsync();
        await _site.DisposeAsync();
    }

    private async Task QueueForTheSiteAsync(string recipient)
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(_backup.SmtpPort, Outsider);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<friend@outside.example>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync($"RCPT TO:<{recipient}>"));
        Assert.StartsWith("354 ", await client.CommandAsync("DATA"));
        Assert.StartsWith("250 2.0.0 Ok: queued as ", await client.CommandAsync("Subject: for the site\r\n\r\nwaiting\r\n."));
        await _backup.WaitForLogAsync("qmgr: ", 10);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (_backup.QueueFiles("deferred").Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the message was never deferred");
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task Etrn_from_a_trusted_client_flushes_the_domains_mail_to_the_site()
    {
        await QueueForTheSiteAsync("alice@relay.example");
        Assert.Contains(_backup.LogLines, line => line.Contains("to=<alice@relay.example>, relay=none, ") && line.EndsWith("status=deferred (deferred transport)"));
        Assert.Empty(_site.MessagesOf("alice"));

        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(_backup.SmtpPort, "127.0.0.1"))
        {
            Assert.Contains("\n250-ETRN\n", await client.CommandAsync("EHLO site.relay.example"));
            Assert.Equal("250 Queuing started", await client.CommandAsync("ETRN relay.example"));
        }
        var delivered = await _site.WaitForMessagesAsync("alice", 1);
        Assert.Contains("Subject: for the site", await File.ReadAllTextAsync(delivered[0]));
        Assert.Contains(_backup.LogLines, line => line.StartsWith("smtpd: ETRN relay.example from unknown[127.0.0.1]: 1 deferred message(s) queued for delivery", StringComparison.Ordinal));
        await WaitUntilAsync(() => _backup.QueuedCount() == 0);
    }

    [Fact]
    public async Task Etrn_with_at_flushes_subdomains_too()
    {
        await QueueForTheSiteAsync("bob@relay.example");
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(_backup.SmtpPort, "127.0.0.1");
        Assert.Equal("250 Queuing started", await client.CommandAsync("ETRN @relay.example"));
        await _site.WaitForMessagesAsync("bob", 1);
    }

    [Fact]
    public async Task Etrn_from_a_client_the_restrictions_refuse_flushes_nothing()
    {
        await QueueForTheSiteAsync("alice@relay.example");
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(_backup.SmtpPort, Outsider))
        {
            Assert.StartsWith("554 5.7.1 ", await client.CommandAsync("ETRN relay.example"));
            Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
        }
        await Task.Delay(500);
        Assert.Single(_backup.QueueFiles("deferred"));
        Assert.Empty(_site.MessagesOf("alice"));
        Assert.Contains(_backup.LogLines, line => line.StartsWith("smtpd: NOQUEUE: reject: ETRN from unknown[127.0.0.2]: 554 5.7.1 ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ETRN", "500 5.5.2 Syntax: ETRN domain")]
    [InlineData("ETRN a.example b.example", "500 5.5.2 Syntax: ETRN domain")]
    [InlineData("ETRN bad..example", "501 5.5.4 Error: invalid parameter syntax")]
    [InlineData("ETRN [127.0.0.1]", "501 5.5.4 Error: invalid parameter syntax")]
    [InlineData("ETRN other.example", "459 4.3.0 <other.example>: service unavailable")]
    [InlineData("ETRN example.test", "459 4.3.0 <example.test>: service unavailable")]
    public async Task Bad_or_unknown_domains_are_refused(string command, string expected)
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(_backup.SmtpPort, "127.0.0.1");
        Assert.Equal(expected, await client.CommandAsync(command));
        Assert.Equal(0, _backup.QueuedCount());
    }

    [Fact]
    public async Task Etrn_needs_ehlo_first_and_no_transaction_in_progress()
    {
        await using (var raw = await RawSmtpClient.ConnectAsync(_backup.SmtpPort, "127.0.0.1"))
        {
            Assert.StartsWith("220 ", await raw.ReadReplyAsync());
            Assert.Equal("503 5.5.1 Error: send HELO/EHLO first", await raw.CommandAsync("ETRN relay.example"));
        }
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(_backup.SmtpPort, "127.0.0.1");
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.test>"));
        Assert.Equal("503 5.5.1 Error: MAIL transaction in progress", await client.CommandAsync("ETRN relay.example"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(25);
        }
    }
}
