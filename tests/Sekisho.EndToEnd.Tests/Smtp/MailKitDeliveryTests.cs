using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary>MailKit's SmtpClient, a client no one here wrote, delivers to local accounts.</summary>
public sealed class MailKitDeliveryTests
{
    private static FormatOptions Options(bool international)
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        options.International = international;
        return options;
    }

    private static byte[] Serialize(MimeMessage message, bool international = false)
    {
        using var stream = new MemoryStream();
        message.WriteTo(Options(international), stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task Delivers_to_a_local_account_byte_for_byte_plus_received_header()
    {
        await using var server = await TestServer.StartAsync();
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Carol", "carol@elsewhere.example"));
        message.To.Add(new MailboxAddress("Alice", "alice@example.test"));
        message.Subject = "Hello from MailKit";
        message.Body = new TextPart("plain") { Text = "First line.\r\n.Line starting with a dot.\r\n..Two dots.\r\n" };

        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", server.SmtpPort, SecureSocketOptions.None);
            await client.SendAsync(message);
            await client.DisconnectAsync(true);
        }

        var files = await server.WaitForMessagesAsync("alice", 1);
        var delivered = MaildirMessage.WithoutOurReceived(Assert.Single(files), out var received);
        Assert.Equal(Serialize(message), delivered);
        Assert.Contains("for <alice@example.test>", received);
        Assert.Contains("with ESMTP id ", received);
        Assert.Equal(0, server.QueuedCount());
    }

    [Fact]
    public async Task Delivers_over_starttls_and_says_esmtps()
    {
        await using var server = await TestServer.StartAsync();
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("carol@elsewhere.example"));
        message.To.Add(MailboxAddress.Parse("bob@example.test"));
        message.Subject = "TLS";
        message.Body = new TextPart("plain") { Text = "Encrypted.\r\n" };

        using (var client = new SmtpClient())
        {
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
            await client.ConnectAsync("127.0.0.1", server.SmtpPort, SecureSocketOptions.StartTls);
            await client.SendAsync(message);
            await client.DisconnectAsync(true);
        }

        var delivered = MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync("bob", 1)), out var received);
        Assert.Equal(Serialize(message), delivered);
        Assert.Contains("with ESMTPS id ", received);
    }

    [Fact]
    public async Task Utf8_addresses_and_8bit_content_arrive_intact_with_smtputf8()
    {
        await using var server = await TestServer.StartAsync(aliases: "ユーザー: alice\n");
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("送信者", "送信者@例え.jp"));
        message.To.Add(new MailboxAddress("ユーザー", "ユーザー@example.test"));
        message.Subject = "日本語の件名";
        var body = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.EightBit };
        body.SetText(Encoding.UTF8, "関所へようこそ。Ünïcödé 8-bit body.\r\n");
        message.Body = body;

        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", server.SmtpPort, SecureSocketOptions.None);
            Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.UTF8));
            Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.EightBitMime));
            await client.SendAsync(Options(international: true), message);
            await client.DisconnectAsync(true);
        }

        var delivered = MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync("alice", 1)), out var received);
        Assert.Equal(Serialize(message, international: true), delivered);
        Assert.Contains("with UTF8SMTP id ", received);
        Assert.Contains(server.LogLines, line => line.Contains("orig_to=<ユーザー@example.test>"));
    }

    [Fact]
    public async Task An_outside_client_cannot_relay_and_nothing_is_queued()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.2");
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<spammer@evil.example>"));
        Assert.Equal("554 5.7.1 <victim@other.example>: Relay access denied", await client.CommandAsync("RCPT TO:<victim@other.example>"));
        Assert.Equal("503 5.5.1 Error: need RCPT command", await client.CommandAsync("DATA"));
        Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        server.AssertNothingQueuedOrDelivered();
        Assert.Contains(server.LogLines, l => l.Contains("NOQUEUE: reject: RCPT from unknown[127.0.0.2]: 554 5.7.1 <victim@other.example>: Relay access denied"));
    }
}
