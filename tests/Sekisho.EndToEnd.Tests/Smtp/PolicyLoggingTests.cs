using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary><c>reject_unauth_pipelining</c> through the wire, and <c>warn_if_reject</c> in the mail log.</summary>
public sealed class PolicyLoggingTests
{
    [Fact]
    public async Task A_client_that_talks_ahead_without_pipelining_is_refused_and_nothing_is_queued()
    {
        await using var server = await TestServer.StartAsync("smtpd_client_restrictions = reject_unauth_pipelining");
        await using var client = await RawSmtpClient.ConnectAsync(server.SmtpPort, "127.0.0.2");
        Assert.StartsWith("220 ", await client.ReadReplyAsync());
        await client.SendAsync("HELO spammer.example\r\nMAIL FROM:<a@spammer.example>\r\nRCPT TO:<alice@example.test>\r\n");
        Assert.Equal("250 mx.example.test", await client.ReadReplyAsync());
        Assert.Equal("250 2.1.0 Ok", await client.ReadReplyAsync());
        Assert.Equal("554 5.5.0 Error: improper use of SMTP command pipelining", await client.ReadReplyAsync());
        server.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task A_client_that_waits_for_each_reply_is_not_refused()
    {
        await using var server = await TestServer.StartAsync("smtpd_client_restrictions = reject_unauth_pipelining");
        await using var client = await RawSmtpClient.ConnectAsync(server.SmtpPort, "127.0.0.2");
        Assert.StartsWith("220 ", await client.ReadReplyAsync());
        Assert.Equal("250 mx.example.test", await client.CommandAsync("HELO patient.example"));
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@patient.example>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
    }

    [Fact]
    public async Task An_ehlo_client_may_pipeline_after_seeing_pipelining()
    {
        await using var server = await TestServer.StartAsync("smtpd_client_restrictions = reject_unauth_pipelining");
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.2");
        await client.SendAsync("MAIL FROM:<a@client.example>\r\nRCPT TO:<alice@example.test>\r\n");
        Assert.Equal("250 2.1.0 Ok", await client.ReadReplyAsync());
        Assert.Equal("250 2.1.5 Ok", await client.ReadReplyAsync());
    }

    [Fact]
    public async Task Warn_if_reject_accepts_and_logs_a_reject_warning()
    {
        await using var server = await TestServer.StartAsync("smtpd_sender_restrictions = warn_if_reject reject_non_fqdn_sender");
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.2");
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<someone@localhost>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
        Assert.Contains(server.LogLines, line => line.Contains("reject_warning: RCPT from unknown[127.0.0.2]: 504 5.5.2 <someone@localhost>: Sender address rejected: "
            + "need fully-qualified address (smtpd_sender_restrictions: warn_if_reject reject_non_fqdn_sender); from=<someone@localhost> to=<alice@example.test>"));
    }
}
