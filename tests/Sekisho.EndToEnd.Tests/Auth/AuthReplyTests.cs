using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Auth;

/// <summary>Every way an AUTH command can go wrong, with the exact reply, and what authentication changes afterwards.</summary>
public sealed class AuthReplyTests
{
    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("AUTH PLAIN " + "AGFsaWNlAHdyb25n", "535 5.7.8 Error: authentication failed: authentication failure")] // \0alice\0wrong
    [InlineData("AUTH PLAIN " + "AG5vYm9keQBzZWNyZXQ=", "535 5.7.8 Error: authentication failed: authentication failure")] // \0nobody\0secret
    [InlineData("AUTH PLAIN %%%", "501 5.5.2 Cannot decode response")]
    [InlineData("AUTH GSSAPI", "504 5.5.4 Unsupported authentication mechanism")]
    [InlineData("AUTH XOAUTH2 abc", "504 5.5.4 Unsupported authentication mechanism")]
    [InlineData("AUTH", "501 5.5.4 Syntax: AUTH mechanism")]
    [InlineData("AUTH PLAIN a b", "501 5.5.4 Syntax: AUTH mechanism")]
    public async Task Refusals_have_the_exact_reply_and_nothing_changes(string command, string expected)
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls);
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, AuthConfig.Outside);
        Assert.Equal(expected, await smtp.CommandAsync(command));
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<alice@example.test>"));
        Assert.Equal("554 5.7.1 <friend@outside.example>: Relay access denied", await smtp.CommandAsync("RCPT TO:<friend@outside.example>"));
        server.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task A_cancelled_exchange_gets_501_and_a_good_one_then_relays()
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls);
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, AuthConfig.Outside);
        Assert.Equal("334 VXNlcm5hbWU6", await smtp.CommandAsync("AUTH LOGIN"));
        Assert.Equal("501 5.7.0 Authentication aborted", await smtp.CommandAsync("*"));
        Assert.Equal("334 UGFzc3dvcmQ6", await smtp.CommandAsync("AUTH LOGIN " + B64("alice")));
        Assert.Equal("235 2.7.0 Authentication successful", await smtp.CommandAsync(B64("secret")));
        Assert.Equal("503 5.5.1 Error: already authenticated", await smtp.CommandAsync("AUTH PLAIN " + B64("\0alice\0secret")));
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<alice@example.test>"));
        Assert.Equal("503 5.5.1 Error: MAIL transaction in progress", await smtp.CommandAsync("AUTH PLAIN " + B64("\0alice\0secret")));
        Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<friend@outside.example>"));
    }

    [Fact]
    public async Task Plain_with_an_empty_initial_response_asks_for_it()
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls);
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, AuthConfig.Outside);
        Assert.Equal("334 ", await smtp.CommandAsync("AUTH PLAIN"));
        Assert.Equal("235 2.7.0 Authentication successful", await smtp.CommandAsync(B64("\0alice\0secret")));
    }

    [Fact]
    public async Task Auth_before_ehlo_is_out_of_sequence()
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls);
        await using var smtp = await RawSmtpClient.ConnectAsync(server.SmtpPort, AuthConfig.Outside);
        Assert.StartsWith("220 ", await smtp.ReadReplyAsync());
        Assert.Equal("503 5.5.1 Error: send HELO/EHLO first", await smtp.CommandAsync("AUTH PLAIN " + B64("\0alice\0secret")));
    }

    [Fact]
    public async Task With_tls_auth_only_auth_is_not_offered_before_starttls()
    {
        await using var server = await TestServer.StartAsync("smtpd_auth_failure_delay = 0");
        await using var smtp = await RawSmtpClient.ConnectAsync(server.SmtpPort, AuthConfig.Outside);
        Assert.StartsWith("220 ", await smtp.ReadReplyAsync());
        var ehlo = await smtp.CommandAsync("EHLO client.example");
        Assert.DoesNotContain("AUTH", ehlo);
        Assert.Contains("STARTTLS", ehlo);
        Assert.Equal("538 5.7.11 Encryption required for requested authentication mechanism", await smtp.CommandAsync("AUTH PLAIN " + B64("\0alice\0secret")));
        Assert.Equal("504 5.5.4 Unsupported authentication mechanism", await smtp.CommandAsync("AUTH CRAM-MD5"));
    }

    [Theory]
    [InlineData("smtpd_sasl_security_options = noanonymous, noplaintext", "AUTH CRAM-MD5 DIGEST-MD5 SCRAM-SHA-256 SCRAM-SHA-1", "AUTH PLAIN")]
    [InlineData("smtpd_sasl_security_options = noanonymous, noactive", "AUTH SCRAM-SHA-256 SCRAM-SHA-1", "AUTH LOGIN")]
    [InlineData("smtpd_sasl_mechanisms = SCRAM-SHA-256", "AUTH SCRAM-SHA-256", "AUTH CRAM-MD5")]
    [InlineData("smtpd_sasl_auth_enable = no", null, "AUTH PLAIN")]
    public async Task Security_options_and_the_mechanism_list_decide_what_is_offered(string config, string? announced, string refused)
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls + "\n" + config);
        await using var smtp = await RawSmtpClient.ConnectAsync(server.SmtpPort, AuthConfig.Outside);
        Assert.StartsWith("220 ", await smtp.ReadReplyAsync());
        var ehlo = await smtp.CommandAsync("EHLO client.example");
        if (announced is null)
        {
            Assert.DoesNotContain("AUTH", ehlo);
            Assert.Equal("503 5.5.1 Error: authentication not enabled", await smtp.CommandAsync(refused));
            return;
        }
        Assert.Contains("250-" + announced + "\n", ehlo);
        Assert.Equal("504 5.5.4 Unsupported authentication mechanism", await smtp.CommandAsync(refused));
    }

    [Fact]
    public async Task Broken_clients_also_get_the_old_auth_equals_line()
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls + "\nbroken_sasl_auth_clients = yes\nsmtpd_sasl_mechanisms = PLAIN LOGIN");
        await using var smtp = await RawSmtpClient.ConnectAsync(server.SmtpPort, AuthConfig.Outside);
        Assert.StartsWith("220 ", await smtp.ReadReplyAsync());
        var ehlo = await smtp.CommandAsync("EHLO client.example");
        Assert.Contains("250-AUTH PLAIN LOGIN\n250-AUTH=PLAIN LOGIN\n", ehlo);
    }

    [Theory]
    [InlineData("", "with ESMTPA id ", false)]
    [InlineData("smtpd_sasl_authenticated_header = yes", "with ESMTPA id ", true)]
    public async Task The_received_header_says_the_client_authenticated(string config, string protocol, bool namesUser)
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls + "\n" + config);
        await using (var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, AuthConfig.Outside))
        {
            Assert.Equal("235 2.7.0 Authentication successful", await smtp.CommandAsync("AUTH PLAIN " + B64("\0bob\0secret")));
            Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<bob@example.test>"));
            Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await smtp.CommandAsync("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued as ", await smtp.CommandAsync("Subject: hi\r\n\r\nhello\r\n."));
        }
        var message = Encoding.UTF8.GetString(File.ReadAllBytes(Assert.Single(await server.WaitForMessagesAsync("alice", 1))));
        Assert.Contains(protocol, message);
        Assert.Equal(namesUser, message.Contains("(Authenticated sender: bob)"));
    }
}
