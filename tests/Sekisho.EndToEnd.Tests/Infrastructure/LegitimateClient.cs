using System.Diagnostics;
using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Sekisho.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The well-behaved client of the hardening tests: MailKit, from an address of its own that no limit exempts
/// (127.0.0.3), sending one message to a local mailbox while an attack runs on another connection.
/// </summary>
public static class LegitimateClient
{
    /// <summary>The address the legitimate client connects from (not in the test server's mynetworks).</summary>
    public const string Address = "127.0.0.3";

    /// <summary>Connects, sends one message to <paramref name="recipient"/>, quits; returns how long that took.</summary>
    public static async Task<TimeSpan> SendAsync(int port, string recipient = "alice@example.test", string subject = "legitimate")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("friend@elsewhere.example"));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "Sent while the server is under attack." };
        using var client = new SmtpClient { LocalEndPoint = new IPEndPoint(IPAddress.Parse(Address), 0), Timeout = 10_000 };
        var clock = Stopwatch.StartNew();
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
        return clock.Elapsed;
    }
}
