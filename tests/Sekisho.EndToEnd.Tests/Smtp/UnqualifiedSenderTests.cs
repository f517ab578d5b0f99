using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary>
/// <c>MAIL FROM:&lt;postmaster&gt;</c> without a domain: accepted and queued as <c>postmaster@$myorigin</c>, as
/// Postfix does; <c>reject_non_fqdn_sender</c> refuses it at RCPT; it never helps a relay.
/// </summary>
public sealed class UnqualifiedSenderTests
{
    [Fact]
    public async Task An_unqualified_sender_is_queued_with_myorigin_appended()
    {
        await using var server = await TestServer.StartAsync("myorigin = origin.example.test");
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.2"))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<postmaster>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.CommandAsync("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued as ", await client.CommandAsync("Subject: unqualified\r\n\r\nhello\r\n."));
        }
        await server.WaitForMessagesAsync("alice", 1);
        Assert.Contains(server.LogLines, line => line.Contains(", from=<postmaster@origin.example.test>, nrcpt=1, "));
    }

    [Theory]
    [InlineData("", "RCPT TO:<friend@outside.example>", "554 5.7.1 <friend@outside.example>: Relay access denied")]
    [InlineData("smtpd_sender_restrictions = reject_non_fqdn_sender", "RCPT TO:<alice@example.test>", "504 5.5.2 <postmaster>: Sender address rejected: need fully-qualified address")]
    public async Task An_unqualified_sender_gains_nothing(string config, string rcpt, string expected)
    {
        await using var server = await TestServer.StartAsync(config);
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.2");
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<postmaster>"));
        Assert.Equal(expected, await client.CommandAsync(rcpt));
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("RSET"));
        server.AssertNothingQueuedOrDelivered();
    }
}
