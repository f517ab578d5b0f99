using System.Net;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Metrics;

/// <summary>
/// <c>metrics_listen</c> through the wire: a scrape with HttpClient, a scripted session with real clients (MailKit for
/// SMTP, a POP3 login), another scrape, and exactly the expected counters changed.
/// </summary>
public sealed class MetricsScrapeTests
{
    private const string Outside = "127.0.0.2";

    private static async Task<Exposition> ScrapeAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        return Exposition.Parse(await response.Content.ReadAsStringAsync());
    }

    private static SmtpClient Client(string from) => new() { LocalEndPoint = new IPEndPoint(IPAddress.Parse(from), 0) };

    private static MimeMessage Message(string from, string to)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = "counted";
        message.Body = new TextPart("plain") { Text = "A message the metrics count." };
        return message;
    }

    private static async Task SendAsync(int port, string from, string to)
    {
        using var client = Client(from);
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        await client.SendAsync(Message("carol@elsewhere.example", to));
        await client.DisconnectAsync(quit: true);
    }

    private static async Task<SmtpStatusCode> RefusedAsync(int port, string from, string to)
    {
        using var client = Client(from);
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Message("carol@elsewhere.example", to)));
        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, error.ErrorCode);
        await client.DisconnectAsync(quit: true);
        return error.StatusCode;
    }

    /// <summary>Scrapes until no connection is open (a session's count ends just after its last reply).</summary>
    private static async Task<Exposition> ScrapeWhenIdleAsync(HttpClient http, string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var scrape = await ScrapeAsync(http, url);
            var open = scrape.Samples.Where(s => s.Key.StartsWith("sekisho_connections_open", StringComparison.Ordinal)).Sum(s => s.Value);
            if (open == 0 || DateTime.UtcNow > deadline)
            {
                return scrape;
            }
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task A_scripted_session_changes_exactly_the_expected_counters()
    {
        var port = FreePort.Next();
        await using var server = await TestServer.StartAsync($"""
            metrics_listen = 127.0.0.1:{port}
            smtpd_tls_auth_only = no
            smtpd_auth_failure_delay = 0
            """);
        var url = $"http://127.0.0.1:{port}/metrics";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var before = await ScrapeAsync(http, url);

        await SendAsync(server.SmtpPort, "127.0.0.1", "alice@example.test");
        Assert.Equal(SmtpStatusCode.TransactionFailed, await RefusedAsync(server.SmtpPort, Outside, "friend@outside.example")); // 554 relay access denied
        Assert.Equal(SmtpStatusCode.MailboxUnavailable, await RefusedAsync(server.SmtpPort, Outside, "nobody@example.test")); // 550 user unknown
        using (var client = Client(Outside))
        {
            await client.ConnectAsync("127.0.0.1", server.SmtpPort, SecureSocketOptions.None);
            await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(new SaslMechanismPlain("alice", "wrong")));
            await client.AuthenticateAsync(new SaslMechanismPlain("alice", "secret"));
            await client.SendAsync(Message("alice@example.test", "friend@outside.example")); // relayed: deferred (no DNS here)
            await client.DisconnectAsync(quit: true);
        }
        await using (var pop3 = await RawPop3Client.LoginAsync(server.Pop3Port, localAddress: Outside))
        {
            Assert.Equal("+OK Logging out.", await pop3.CommandAsync("QUIT"));
        }
        await server.WaitForMessagesAsync("alice", 1);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (server.QueueFiles("deferred").Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        var after = await ScrapeWhenIdleAsync(http, url);

        var changes = after.ChangesSince(before)
            .Where(c => !c.Key.StartsWith("sekisho_delivery_delay_seconds", StringComparison.Ordinal))
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"{c.Key} {c.Value}");
        Assert.Equal(
        [
            "sekisho_auth_total{service=\"pop3\",mechanism=\"USER\",result=\"success\"} 1",
            "sekisho_auth_total{service=\"smtp\",mechanism=\"PLAIN\",result=\"failure\"} 1",
            "sekisho_auth_total{service=\"smtp\",mechanism=\"PLAIN\",result=\"success\"} 1",
            "sekisho_connections_total{listener=\"pop3\"} 1",
            "sekisho_connections_total{listener=\"smtp\"} 4",
            "sekisho_delivery_attempts_total{transport=\"local\",result=\"delivered\"} 1",
            "sekisho_delivery_attempts_total{transport=\"smtp\",result=\"deferred\"} 1",
            "sekisho_messages_accepted_total{listener=\"smtp\"} 2",
            "sekisho_pop_before_smtp_authorizations_total{result=\"recorded\"} 1",
            "sekisho_queue_messages{state=\"deferred\"} 1",
            "sekisho_rejects_total{reason=\"relay_denied\",restriction=\"reject_unauth_destination\"} 1",
            "sekisho_rejects_total{reason=\"unknown_user\",restriction=\"local_recipient_table\"} 1",
        ], changes);
        Assert.Equal(1, after["sekisho_delivery_delay_seconds_count{transport=\"local\"}"]);
        Assert.Equal(1, after["sekisho_delivery_delay_seconds_bucket{transport=\"local\",le=\"60\"}"]);
        Assert.Equal(0, after["sekisho_delivery_delay_seconds_count{transport=\"smtp\"}"]);
        Assert.Contains(server.LogLines, line => line.StartsWith($"metrics: listening on 127.0.0.1:{port} (metrics)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_connection_refused_by_a_per_client_limit_is_counted_with_the_limit()
    {
        var port = FreePort.Next();
        await using var server = await TestServer.StartAsync($"metrics_listen = 127.0.0.1:{port}\nsmtpd_client_connection_count_limit = 1");
        var url = $"http://127.0.0.1:{port}/metrics";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var before = await ScrapeAsync(http, url);
        await using (var first = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Outside))
        {
            await using var second = await RawSmtpClient.ConnectAsync(server.SmtpPort, Outside);
            Assert.StartsWith("421 4.7.0 ", await second.ReadReplyAsync());
            Assert.StartsWith("221 ", await first.CommandAsync("QUIT"));
        }
        var changes = (await ScrapeWhenIdleAsync(http, url)).ChangesSince(before).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}");
        Assert.Equal(
        [
            "sekisho_connections_refused_total{listener=\"smtp\",limit=\"smtpd_client_connection_count_limit\"} 1",
            "sekisho_connections_total{listener=\"smtp\"} 2",
        ], changes);
    }

    [Fact]
    public async Task The_endpoint_answers_health_and_refuses_other_paths_and_methods_on_ipv6()
    {
        var port = FreePort.Next();
        await using var server = await TestServer.StartAsync($"metrics_listen = [::1]:{port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var scrape = await ScrapeAsync(http, $"http://[::1]:{port}/metrics?name[]=ignored");
        Assert.Equal(0, scrape["sekisho_connections_total{listener=\"smtp\"}"]);
        Assert.True(scrape.Samples.ContainsKey("sekisho_connections_total{listener=\"pop3s\"}"));

        using (var health = await http.GetAsync($"http://[::1]:{port}/health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("OK\n", await health.Content.ReadAsStringAsync());
        }
        using (var missing = await http.GetAsync($"http://[::1]:{port}/"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        using (var post = await http.PostAsync($"http://[::1]:{port}/metrics", new StringContent("x")))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        }
        using (var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"http://[::1]:{port}/metrics")))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.True(head.Content.Headers.ContentLength > 0);
        }
        // Nothing listens on IPv4 for metrics: only what metrics_listen names is bound.
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{port}/metrics"));
    }
}
