using System.Text;
using Sekisho.Delivery.Tests.Smtp;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Outbound;

/// <summary>
/// Direct delivery by MX through the whole server: a DNS responder on loopback (<c>smtp_dns_servers</c>) names MX
/// hosts on 127.0.0.3 and 127.0.0.4, reached on a test port (<c>smtp_tcp_port</c>). Preference order, fallback to the
/// next MX, the domain's own address without MX, and immediate bounces for a null MX (RFC 7505) and NXDOMAIN.
/// </summary>
public sealed class MxDeliveryTests : IDisposable
{
    private const string Content = "From: alice@example.test\r\nSubject: by MX\r\n\r\nhello\r\n";
    private readonly FakeDnsServer _dns = new();
    private readonly int _port = FreePort.Next();

    public void Dispose() => _dns.Dispose();

    private Task<TestServer> StartServerAsync() => TestServer.StartAsync($"""
        smtp_dns_servers = 127.0.0.1:{_dns.EndPoint.Port}
        smtp_dns_timeout = 2s
        smtp_tcp_port = {_port}
        """);

    [Fact]
    public async Task The_mx_host_with_the_lowest_preference_value_gets_the_mail()
    {
        _dns.AddMx("remote.test", 20, "mx2.remote.test").AddMx("remote.test", 10, "mx1.remote.test");
        _dns.AddAddress("mx1.remote.test", "127.0.0.3").AddAddress("mx2.remote.test", "127.0.0.4");
        await using var mx1 = new NextHopServer("127.0.0.3", _port);
        await using var mx2 = new NextHopServer("127.0.0.4", _port);
        await using var server = await StartServerAsync();

        var queueId = await Submit.MessageAsync(server.SmtpPort, "alice@example.test", ["friend@remote.test"], Content);

        await Poll.LogLineAsync(() => server.LogLines, $"{queueId}: to=<friend@remote.test>, relay=mx1.remote.test[127.0.0.3]:{_port}, ", "status=sent");
        var message = Assert.Single(mx1.Accepted);
        Assert.StartsWith("MAIL FROM:<alice@example.test>", message.MailFrom);
        Assert.Equal(["RCPT TO:<friend@remote.test>"], message.Recipients);
        Assert.EndsWith("Subject: by MX\r\n\r\nhello\r\n", message.Content);
        Assert.Empty(mx2.Sessions);
        await Poll.UntilAsync(() => server.QueuedCount() == 0, "the queue to empty");
    }

    [Fact]
    public async Task An_mx_host_that_does_not_answer_is_skipped_for_the_next()
    {
        _dns.AddMx("remote.test", 10, "mx1.remote.test").AddMx("remote.test", 20, "mx2.remote.test");
        _dns.AddAddress("mx1.remote.test", "127.0.0.5").AddAddress("mx2.remote.test", "127.0.0.4"); // nothing listens on 127.0.0.5
        await using var mx2 = new NextHopServer("127.0.0.4", _port);
        await using var server = await StartServerAsync();

        var queueId = await Submit.MessageAsync(server.SmtpPort, "alice@example.test", ["friend@remote.test"], Content);

        await Poll.LogLineAsync(() => server.LogLines, $"{queueId}: to=<friend@remote.test>, relay=mx2.remote.test[127.0.0.4]:{_port}, ", "status=sent");
        Assert.Equal(["RCPT TO:<friend@remote.test>"], Assert.Single(mx2.Accepted).Recipients);
        Assert.DoesNotContain(server.LogLines, line => line.Contains("status=deferred") || line.Contains("status=bounced"));
        await Poll.UntilAsync(() => server.QueuedCount() == 0, "the queue to empty");
    }

    [Fact]
    public async Task A_domain_without_mx_records_gets_the_mail_at_its_own_address()
    {
        _dns.AddAddress("plain.test", "127.0.0.3");
        await using var host = new NextHopServer("127.0.0.3", _port);
        await using var server = await StartServerAsync();

        var queueId = await Submit.MessageAsync(server.SmtpPort, "alice@example.test", ["friend@plain.test"], Content);

        await Poll.LogLineAsync(() => server.LogLines, $"{queueId}: to=<friend@plain.test>, relay=plain.test[127.0.0.3]:{_port}, ", "status=sent");
        Assert.Equal(["RCPT TO:<friend@plain.test>"], Assert.Single(host.Accepted).Recipients);
    }

    [Fact]
    public async Task A_null_mx_bounces_at_once_without_a_connection()
    {
        _dns.AddMx("nomail.test", 0, ".");
        _dns.AddAddress("nomail.test", "127.0.0.3"); // would be the fallback if the null MX were ignored
        await using var host = new NextHopServer("127.0.0.3", _port);
        await using var server = await StartServerAsync();

        var queueId = await Submit.MessageAsync(server.SmtpPort, "alice@example.test", ["friend@nomail.test"], Content);

        var report = await BounceReportAsync(server);
        Assert.Contains("Final-Recipient: rfc822; friend@nomail.test", report);
        Assert.Contains("Action: failed", report);
        Assert.Contains("Subject: by MX", report);
        await Poll.LogLineAsync(() => server.LogLines, $"{queueId}: to=<friend@nomail.test>, relay=none, ", "status=bounced (Domain nomail.test does not accept mail (nullMX))");
        Assert.DoesNotContain(server.LogLines, line => line.Contains("status=deferred"));
        Assert.Empty(host.Sessions);
    }

    [Fact]
    public async Task A_domain_that_does_not_exist_bounces_at_once()
    {
        await using var server = await StartServerAsync();

        var queueId = await Submit.MessageAsync(server.SmtpPort, "alice@example.test", ["friend@nosuch.test"], Content);

        var report = await BounceReportAsync(server);
        Assert.Contains("Final-Recipient: rfc822; friend@nosuch.test", report);
        Assert.Contains("Action: failed", report);
        await Poll.LogLineAsync(() => server.LogLines, $"{queueId}: to=<friend@nosuch.test>, relay=none, ",
            "status=bounced (Host or domain name not found. Name service error for name=nosuch.test type=MX: Host not found)");
        Assert.DoesNotContain(server.LogLines, line => line.Contains("status=deferred"));
    }

    /// <summary>The one report in alice's Maildir, from MAILER-DAEMON, once the queue is idle.</summary>
    private static async Task<string> BounceReportAsync(TestServer server)
    {
        var report = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Assert.Single(await server.WaitForMessagesAsync("alice", 1, timeoutSeconds: 20))));
        Assert.Contains("From: Mail Delivery System <MAILER-DAEMON@mx.example.test>", report);
        return report;
    }
}
