using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Outbound;

/// <summary>
/// A next hop (a second Sekisho, as the provider) refuses one recipient with 550: that recipient alone is bounced,
/// with an RFC 3464 report to the sender from MAILER-DAEMON with the null sender; the other is delivered once.
/// </summary>
public sealed class BounceTests
{
    [Fact]
    public async Task A_refused_recipient_is_bounced_to_the_sender_and_the_other_delivered_once()
    {
        await using var provider = await TestServer.StartAsync("mydestination = b.example.test");
        await using var server = await TestServer.StartAsync($"relayhost = [127.0.0.1]:{provider.SmtpPort}\nsmtp_tls_security_level = none");
        await using (var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.1"))
        {
            Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<alice@example.test>"));
            Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<bob@b.example.test>"));
            Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<nobody@b.example.test>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await smtp.CommandAsync("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued as ", await smtp.CommandAsync("From: alice@example.test\r\nSubject: two recipients\r\n\r\nhello\r\n."));
        }

        Assert.Single(await provider.WaitForMessagesAsync("bob", 1));
        var report = Encoding.UTF8.GetString(File.ReadAllBytes(Assert.Single(await server.WaitForMessagesAsync("alice", 1))));
        Assert.Contains("From: Mail Delivery System <MAILER-DAEMON@mx.example.test>", report);
        Assert.Contains("Subject: Undelivered Mail Returned to Sender", report);
        Assert.Contains("multipart/report", report);
        Assert.Contains("report-type=delivery-status", report);
        Assert.Contains("Final-Recipient: rfc822; nobody@b.example.test", report);
        Assert.Contains("Action: failed", report);
        Assert.Contains("Status: 5.1.1", report);
        Assert.Contains("Subject: two recipients", report); // the original headers come back
        Assert.DoesNotContain("bob@b.example.test", report[report.IndexOf("Final-Recipient", StringComparison.Ordinal)..report.IndexOf("Subject: two recipients", StringComparison.Ordinal)]);
        Assert.Contains(server.LogLines, line => line.Contains(": sender non-delivery notification: "));
        await Task.Delay(500);
        Assert.Single(provider.MessagesOf("bob"));
        Assert.Equal(0, server.QueuedCount());
    }

    [Fact]
    public async Task Mail_deferred_past_the_queue_lifetime_is_returned_to_the_sender()
    {
        var closed = FreePort.Next(); // nothing listens there: every attempt is deferred
        await using var server = await TestServer.StartAsync($"""
            relayhost = [127.0.0.1]:{closed}
            smtp_tls_security_level = none
            maximal_queue_lifetime = 2s
            minimal_backoff_time = 1s
            maximal_backoff_time = 1s
            queue_run_delay = 1s
            """);
        await using (var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.1"))
        {
            Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<alice@example.test>"));
            Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<friend@outside.example>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await smtp.CommandAsync("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued as ", await smtp.CommandAsync("Subject: never arrives\r\n\r\nhello\r\n."));
        }
        var report = Encoding.UTF8.GetString(File.ReadAllBytes(Assert.Single(await server.WaitForMessagesAsync("alice", 1, timeoutSeconds: 20))));
        Assert.Contains("Final-Recipient: rfc822; friend@outside.example", report);
        Assert.Contains("message expired", report);
        Assert.Contains(server.LogLines, line => line.Contains("to=<friend@outside.example>") && line.Contains("status=deferred"));
        Assert.Contains(server.LogLines, line => line.Contains("to=<friend@outside.example>") && line.Contains("status=bounced"));
    }
}
