using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary><c>smtps_listen</c>: submission over implicit TLS (RFC 8314), port 465 style.</summary>
public sealed class SmtpsTests
{
    [Fact]
    public async Task Mailkit_delivers_over_implicit_tls_and_starttls_is_not_offered_again()
    {
        var port = FreePort.Next();
        await using var server = await TestServer.StartAsync($"smtps_listen = 127.0.0.1:{port}");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("bob@example.test"));
        message.To.Add(MailboxAddress.Parse("alice@example.test"));
        message.Subject = "over SMTPS";
        message.Body = new TextPart("plain") { Text = "Implicit TLS.\r\n" };

        using (var client = new SmtpClient())
        {
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.SslOnConnect);
            Assert.True(client.IsSecure);
            Assert.False(client.Capabilities.HasFlag(SmtpCapabilities.StartTLS));
            await client.AuthenticateAsync("bob", "secret"); // SMTPS is for mail clients: AUTH before MAIL
            await client.SendAsync(message);
            await client.DisconnectAsync(true);
        }

        MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync("alice", 1)), out var received);
        Assert.Contains("(using TLSv1.", received);
        Assert.Contains("with ESMTPSA id ", received);
    }

    [Fact]
    public async Task A_plaintext_client_on_the_smtps_port_gets_no_greeting_and_nothing_is_queued()
    {
        var port = FreePort.Next();
        await using var server = await TestServer.StartAsync($"smtps_listen = 127.0.0.1:{port}");
        await using var client = await RawSmtpClient.ConnectAsync(port);
        await client.SendAsync("EHLO plaintext.example\r\n");
        Assert.True(await client.IsClosedByServerAsync(10));
        server.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task Over_the_connection_limit_the_smtps_port_closes_without_a_plaintext_reply()
    {
        var port = FreePort.Next();
        await using var server = await TestServer.StartAsync($"smtps_listen = 127.0.0.1:{port}\ndefault_process_limit = 1");
        await using var first = await RawSmtpClient.ConnectAsync(port); // holds the only slot (waits for a TLS hello)
        await Task.Delay(200);
        await using var second = await RawSmtpClient.ConnectAsync(port);
        Assert.True(await second.IsClosedByServerAsync(10)); // closed, and no "421" text (which a TLS client would read as garbage)
    }
}
