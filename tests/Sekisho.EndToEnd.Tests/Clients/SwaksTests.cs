using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Clients;

/// <summary>swaks, the admin's favourite SMTP test tool, delivers, says TLS, pipelines, and is refused relaying.</summary>
public sealed class SwaksTests
{
    private const string Body = "Hello from swaks.\nSecond line, with trailing text.";

    private static string BodyOf(string message)
    {
        var separator = message.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(separator > 0, "no header/body separator in:\n" + message);
        return message[(separator + 4)..];
    }

    [Theory]
    [InlineData("", "with ESMTP id ")]
    [InlineData("--tls", "with ESMTPS id ")]
    public async Task Delivers_what_swaks_sent(string option, string protocol)
    {
        await using var server = await TestServer.StartAsync();
        string[] args = ["--to", "alice@example.test", "--from", "x@y.example", "--header", "Subject: swaks test", "--body", Body];

        var (exitCode, transcript) = await Swaks.RunAsync(server.SmtpPort, option.Length == 0 ? args : [option, .. args]);

        Assert.True(exitCode == 0, transcript);
        var delivered = Encoding.UTF8.GetString(
            MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync("alice", 1)), out var received));
        Assert.StartsWith("Hello from swaks.\r\nSecond line, with trailing text.\r\n", BodyOf(delivered));
        Assert.Contains("\r\nSubject: swaks test\r\n", delivered);
        Assert.Equal(Swaks.SentMessage(transcript), delivered);
        Assert.StartsWith("Received: from swaks.client.example (unknown [127.0.0.1])\r\n", received);
        Assert.Contains(protocol, received);
        Assert.Contains("for <alice@example.test>", received);
    }

    [Fact]
    public async Task The_received_header_names_the_tls_version_as_postfix_does()
    {
        await using var server = await TestServer.StartAsync();

        var (exitCode, transcript) = await Swaks.RunAsync(server.SmtpPort, "--tls", "--to", "alice@example.test", "--from", "x@y.example");

        Assert.True(exitCode == 0, transcript);
        MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync("alice", 1)), out var received);
        Assert.Matches(@"\r\n\t\(using TLSv1\.[23] with cipher [A-Z0-9_]+", received);
    }

    [Fact]
    public async Task Pipelines_mail_rcpt_and_data_and_delivers()
    {
        await using var server = await TestServer.StartAsync();

        var (exitCode, transcript) = await Swaks.RunAsync(server.SmtpPort,
            "--pipeline", "--to", "bob@example.test", "--from", "x@y.example", "--body", "Pipelined body.");

        Assert.True(exitCode == 0, transcript);
        // Pipelined: swaks sent DATA before it read the reply to MAIL FROM.
        Assert.True(transcript.IndexOf(" -> DATA", StringComparison.Ordinal) < transcript.IndexOf("<-  250 2.1.0 Ok", StringComparison.Ordinal), transcript);
        var delivered = Encoding.UTF8.GetString(MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync("bob", 1)), out _));
        Assert.StartsWith("Pipelined body.\r\n", BodyOf(delivered));
        Assert.Equal(Swaks.SentMessage(transcript), delivered);
    }

    [Fact]
    public async Task An_outside_client_cannot_relay()
    {
        await using var server = await TestServer.StartAsync();

        var (exitCode, transcript) = await Swaks.RunAsync(server.SmtpPort,
            "--local-interface", "127.0.0.2", "--to", "victim@other.example", "--from", "spammer@evil.example");

        Assert.Equal(Swaks.RecipientRefused, exitCode);
        Assert.Contains("<** 554 5.7.1 <victim@other.example>: Relay access denied", transcript);
        Assert.DoesNotContain(" -> DATA", transcript);
        server.AssertNothingQueuedOrDelivered();
    }
}
