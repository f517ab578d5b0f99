using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary>
/// <c>allow_percent_hack</c> and <c>swap_bangpath</c> (both off by default): a trusted client's routed local part
/// is rewritten and relayed only when the admin turned them on; an untrusted client is refused either way.
/// </summary>
public sealed class SenderRoutingTests
{
    private const string Trusted = "127.0.0.1";
    private const string Outside = "127.0.0.2";

    [Theory]
    [InlineData("", "user%other.example@example.test", "550 5.1.1 <user%other.example@example.test>: Recipient address rejected: User unknown")]
    [InlineData("", "other.example!user@example.test", "550 5.1.1 <other.example!user@example.test>: Recipient address rejected: User unknown")]
    [InlineData("swap_bangpath = yes", "user%other.example@example.test", "550 5.1.1 <user%other.example@example.test>: Recipient address rejected: User unknown")]
    [InlineData("allow_percent_hack = yes", "other.example!user@example.test", "550 5.1.1 <other.example!user@example.test>: Recipient address rejected: User unknown")]
    [InlineData("allow_percent_hack = yes", "\"user@other.example\"@example.test", "550 5.1.1 <\"user@other.example\"@example.test>: Recipient address rejected: User unknown")]
    public async Task Without_the_option_a_trusted_clients_routed_local_part_is_an_unknown_user(string config, string recipient, string expected)
    {
        await using var server = await TestServer.StartAsync(config);
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Trusted);
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<alice@example.test>"));
        Assert.Equal(expected, await smtp.CommandAsync($"RCPT TO:<{recipient}>"));
        Assert.Equal("250 2.0.0 Ok", await smtp.CommandAsync("RSET"));
        server.AssertNothingQueuedOrDelivered();
    }

    [Theory]
    [InlineData("allow_percent_hack = yes", "user%other.example@example.test", "user@other.example")]
    [InlineData("allow_percent_hack = yes", "user%other.example", "user@other.example")]
    [InlineData("allow_percent_hack = yes", "user%other.example%example.test@localhost", "user@other.example")]
    [InlineData("swap_bangpath = yes", "other.example!user@example.test", "user@other.example")]
    [InlineData("swap_bangpath = yes", "other.example!user", "user@other.example")]
    public async Task With_the_option_a_trusted_client_relays_to_the_rewritten_address(string config, string recipient, string rewritten)
    {
        await using var server = await TestServer.StartAsync(config);
        await using (var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Trusted))
        {
            Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<alice@example.test>"));
            Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync($"RCPT TO:<{recipient}>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await smtp.CommandAsync("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued as ", await smtp.CommandAsync("Subject: routed\r\n\r\nhello\r\n."));
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!server.LogLines.Any(line => line.Contains($"to=<{rewritten}>", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }
        Assert.Contains(server.LogLines, line => line.StartsWith("qmgr: ", StringComparison.Ordinal) && line.Contains($"to=<{rewritten}>, ", StringComparison.Ordinal));
        Assert.Empty(server.MessagesOf("alice"));
    }

    [Theory]
    [InlineData("allow_percent_hack = yes", "user%other.example@example.test")]
    [InlineData("swap_bangpath = yes", "other.example!user@example.test")]
    [InlineData("allow_percent_hack = yes\nswap_bangpath = yes", "a!user%other.example@[127.0.0.1]")]
    [InlineData("allow_percent_hack = yes", "user%other.example%localhost@example.test")]
    public async Task With_the_option_an_untrusted_client_is_still_refused(string config, string recipient)
    {
        await using var server = await TestServer.StartAsync(config);
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Outside);
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<alice@example.test>"));
        Assert.Equal($"554 5.7.1 <{recipient}>: Relay access denied", await smtp.CommandAsync($"RCPT TO:<{recipient}>"));
        Assert.Equal("250 2.0.0 Ok", await smtp.CommandAsync("RSET"));
        server.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task The_percent_hack_to_one_of_our_own_domains_delivers_locally()
    {
        await using var server = await TestServer.StartAsync("allow_percent_hack = yes");
        await using (var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Outside))
        {
            Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<someone@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<alice%localhost@example.test>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await smtp.CommandAsync("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued as ", await smtp.CommandAsync("Subject: local\r\n\r\nhello\r\n."));
        }
        await server.WaitForMessagesAsync("alice", 1);
    }
}
