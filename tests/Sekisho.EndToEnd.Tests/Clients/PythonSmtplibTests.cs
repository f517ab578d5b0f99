using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Clients;

/// <summary>Python's smtplib, a client no one here wrote, sends exact bytes; the Maildir file holds exactly those bytes after our Received: header.</summary>
public sealed class PythonSmtplibTests
{
    private const string PlainMessage =
        "From: Python <python@client.example>\r\n" +
        "To: Alice <alice@example.test>\r\n" +
        "Subject: smtplib plain\r\n" +
        "Message-ID: <smtplib-plain@client.example>\r\n" +
        "\r\n" +
        "First line.\r\n" +
        ".A line starting with a dot.\r\n" +
        "..Two dots.\r\n" +
        ".\tdot and tab\r\n" +
        "Trailing spaces   \r\n" +
        "\r\n" +
        "Last line.\r\n";

    private const string EightBitMessage =
        "From: Python <python@client.example>\r\n" +
        "To: Alice <alice@example.test>\r\n" +
        "Subject: 8bit body\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "Content-Transfer-Encoding: 8bit\r\n" +
        "\r\n" +
        "関所へようこそ。\r\n" +
        "Ünïcödé 8-bit body, ümlauts and ß.\r\n";

    private const string Utf8Message =
        "From: 送信者 <送信者@例え.jp>\r\n" +
        "To: Alice <alice@example.test>\r\n" +
        "Subject: 日本語の件名\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "Content-Transfer-Encoding: 8bit\r\n" +
        "\r\n" +
        "関所を通る国際化メール。\r\n";

    [Theory]
    [InlineData("python@client.example", "", PlainMessage, "with ESMTP id ")]
    [InlineData("python@client.example", "BODY=8BITMIME", EightBitMessage, "with ESMTP id ")]
    [InlineData("送信者@例え.jp", "SMTPUTF8", Utf8Message, "with UTF8SMTP id ")]
    public async Task Sendmail_delivers_the_exact_bytes(string from, string mailOption, string message, string protocol)
    {
        await using var server = await TestServer.StartAsync();
        var bytes = Encoding.UTF8.GetBytes(message);

        var outcome = await PythonSmtplib.SendAsync(server.SmtpPort, bytes, from, ["alice@example.test"],
            mailOptions: mailOption.Length == 0 ? [] : [mailOption]);

        Assert.True(outcome.ExitCode == 0, outcome.Raw);
        Assert.Empty(outcome.Refused);
        Assert.Contains("8bitmime", outcome.Features);
        Assert.Contains("smtputf8", outcome.Features);
        var delivered = MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync("alice", 1)), out var received);
        Assert.Equal(message, Encoding.UTF8.GetString(delivered)); // readable diff first,
        Assert.Equal(bytes, delivered);                            // then byte for byte
        Assert.StartsWith("Received: from python.client.example (unknown [127.0.0.1])\r\n", received);
        Assert.Contains(protocol, received);
        Assert.Contains("for <alice@example.test>", received);
        Assert.Equal(0, server.QueuedCount());
    }

    [Fact]
    public async Task An_outside_client_gets_relay_access_denied_and_nothing_is_queued()
    {
        await using var server = await TestServer.StartAsync();

        var outcome = await PythonSmtplib.SendAsync(server.SmtpPort, Encoding.ASCII.GetBytes(PlainMessage),
            "spammer@evil.example", ["victim@other.example"], sourceAddress: "127.0.0.2");

        Assert.Equal("SMTPRecipientsRefused", outcome.Result);
        Assert.Equal(1, outcome.ExitCode);
        var (code, reply) = Assert.Single(outcome.Refused, r => r.Key == "victim@other.example").Value;
        Assert.Equal(554, code);
        Assert.Equal("5.7.1 <victim@other.example>: Relay access denied", reply);
        server.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task Starttls_delivers_and_the_received_header_says_esmtps()
    {
        await using var server = await TestServer.StartAsync();
        var bytes = Encoding.ASCII.GetBytes(PlainMessage.Replace("alice@", "bob@", StringComparison.Ordinal));

        var outcome = await PythonSmtplib.SendAsync(server.SmtpPort, bytes, "python@client.example", ["bob@example.test"], startTls: true);

        Assert.True(outcome.ExitCode == 0, outcome.Raw);
        Assert.StartsWith("TLSv1.", outcome.Tls);
        Assert.DoesNotContain("starttls", outcome.Features); // not offered again inside TLS
        var delivered = MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync("bob", 1)), out var received);
        Assert.Equal(bytes, delivered);
        Assert.Contains("with ESMTPS id ", received);
        Assert.Contains("for <bob@example.test>", received);
    }
}
