using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Outbound;

/// <summary>
/// The "mail relay server" setup: a trusted client's mail for the Internet goes to <c>relayhost = [host]:port</c>,
/// here Postfix's own <c>smtp-sink</c> on loopback, which dumps what it received; headers and body arrive intact.
/// </summary>
public sealed class RelayhostTests
{
    [Fact]
    public async Task A_trusted_clients_mail_goes_out_through_the_relayhost_unchanged()
    {
        var sinkPort = FreePort.Next();
        var dumps = Path.Combine(Path.GetTempPath(), "sekisho-relayhost-" + Guid.NewGuid().ToString("N")[..10]);
        await using var sink = await SmtpSinkProcess.StartAsync(sinkPort, dumps, null, [], CancellationToken.None);
        await using var server = await TestServer.StartAsync($"relayhost = [127.0.0.1]:{sinkPort}\nsmtp_tls_security_level = none");
        await using (var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.1"))
        {
            Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<alice@example.test>"));
            Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<friend@outside.example>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await smtp.CommandAsync("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued as ", await smtp.CommandAsync("From: alice@example.test\r\nSubject: out\r\n\r\n..a line with a dot\r\nbody\r\n."));
        }
        var dump = await sink.FirstDumpAsync();
        Assert.Contains("X-Mail-Args: <alice@example.test>", dump);
        Assert.Contains("X-Rcpt-Args: <friend@outside.example>", dump);
        Assert.Contains("by mx.example.test (Sekisho) with ESMTP id ", dump);
        Assert.EndsWith("From: alice@example.test\nSubject: out\n\n.a line with a dot\nbody\n", dump.TrimEnd('\n') + "\n");
        await Poll.LogLineAsync(() => server.LogLines, $"to=<friend@outside.example>, relay=127.0.0.1[127.0.0.1]:{sinkPort}, ", "status=sent");
        // The queue file is removed just after the "sent" line is logged (seen once in CI between the two): wait for it,
        // as RelayhostAuthTests and RetryTests do.
        await Poll.UntilAsync(() => server.QueuedCount() == 0, "the queue to empty");
    }
}
