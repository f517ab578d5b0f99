using Sekisho.Protocol.Smtp;
using Sekisho.Queue;
using Sekisho.Server.Metrics;

namespace Sekisho.EndToEnd.Tests.Metrics;

/// <summary>
/// The exposition a server's <see cref="ServerMetrics"/> writes, without a server: valid Prometheus text (names,
/// HELP and TYPE lines, histogram buckets), and the reason class each refusal is counted under.
/// </summary>
public sealed class ExpositionFormatTests
{
    private static async Task<Exposition> ScrapeAsync(ServerMetrics metrics)
    {
        using var buffer = new MemoryStream();
        await metrics.WriteAsync(buffer, CancellationToken.None);
        return Exposition.Parse(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public async Task The_exposition_is_valid_prometheus_text_with_every_family_declared()
    {
        var metrics = new ServerMetrics();
        metrics.DeclareListener("smtp");
        metrics.DeclareListener("pop3s");
        using (metrics.Connection("smtp"))
        {
            metrics.MessageAccepted(Sekisho.Server.Smtp.ListenerKind.Smtp);
        }
        var open = metrics.Connection("pop3s");
        metrics.Rejected("smtpd_relay_restrictions", "reject_unauth_destination");
        metrics.ContentRejected(SmtpReply.MessageTooBig);
        metrics.PopBeforeSmtpAuthorized(recorded: true);
        metrics.ConnectionRefused("pop3", "default_process_limit");
        metrics.DeliveryAttempted("local", RecipientStatus.Sent, TimeSpan.FromSeconds(0.3));
        metrics.DeliveryAttempted("smtp", RecipientStatus.Sent, TimeSpan.FromMinutes(7));
        metrics.DeliveryAttempted("smtp", RecipientStatus.Pending, TimeSpan.FromSeconds(2));
        metrics.DeliveryAttempted("smtp", RecipientStatus.Bounced, TimeSpan.FromDays(5));

        var scrape = await ScrapeAsync(metrics);
        foreach (var (family, type) in new[]
                 {
                     ("sekisho_build_info", "gauge"), ("sekisho_start_time_seconds", "gauge"), ("sekisho_connections_open", "gauge"),
                     ("sekisho_connections_total", "counter"), ("sekisho_connections_refused_total", "counter"),
                     ("sekisho_messages_accepted_total", "counter"), ("sekisho_rejects_total", "counter"),
                     ("sekisho_auth_total", "counter"), ("sekisho_pop_before_smtp_authorizations_total", "counter"),
                     ("sekisho_queue_messages", "gauge"), ("sekisho_delivery_attempts_total", "counter"), ("sekisho_delivery_delay_seconds", "histogram"),
                 })
        {
            Assert.Contains($"\n# TYPE {family} {type}\n", "\n" + scrape.Text);
        }
        Assert.Equal(1, scrape["sekisho_connections_total{listener=\"smtp\"}"]);
        Assert.Equal(0, scrape["sekisho_connections_open{listener=\"smtp\"}"]);
        Assert.Equal(1, scrape["sekisho_connections_open{listener=\"pop3s\"}"]);
        Assert.True(scrape.Samples.ContainsKey("sekisho_connections_total{listener=\"pop3s\"}"));
        Assert.Equal(1, scrape["sekisho_messages_accepted_total{listener=\"smtp\"}"]);
        Assert.Equal(1, scrape["sekisho_rejects_total{reason=\"relay_denied\",restriction=\"reject_unauth_destination\"}"]);
        Assert.Equal(1, scrape["sekisho_rejects_total{reason=\"size\",restriction=\"message_size_limit\"}"]);
        Assert.Equal(1, scrape["sekisho_pop_before_smtp_authorizations_total{result=\"recorded\"}"]);
        Assert.Equal(1, scrape["sekisho_connections_refused_total{listener=\"pop3\",limit=\"default_process_limit\"}"]);
        Assert.Equal(1, scrape["sekisho_delivery_attempts_total{transport=\"smtp\",result=\"delivered\"}"]);
        Assert.Equal(1, scrape["sekisho_delivery_attempts_total{transport=\"smtp\",result=\"deferred\"}"]);
        Assert.Equal(1, scrape["sekisho_delivery_attempts_total{transport=\"smtp\",result=\"bounced\"}"]);
        // Only deliveries are timed: 7 minutes falls between qshape's 5 and 10 minute buckets.
        Assert.Equal(1, scrape["sekisho_delivery_delay_seconds_count{transport=\"smtp\"}"]);
        Assert.Equal(0, scrape["sekisho_delivery_delay_seconds_bucket{transport=\"smtp\",le=\"300\"}"]);
        Assert.Equal(1, scrape["sekisho_delivery_delay_seconds_bucket{transport=\"smtp\",le=\"600\"}"]);
        Assert.Equal(1, scrape["sekisho_delivery_delay_seconds_bucket{transport=\"local\",le=\"0.5\"}"]);
        Assert.Equal(1, scrape["sekisho_delivery_delay_seconds_bucket{transport=\"local\",le=\"+Inf\"}"]);
        Assert.Matches(@"^sekisho_build_info\{version=""[0-9.]+""\} 1$", scrape.Text.Split('\n').Single(l => l.StartsWith("sekisho_build_info", StringComparison.Ordinal)));

        open.Dispose();
        open.Dispose(); // a second dispose does not count the connection out twice
        Assert.Equal(0, (await ScrapeAsync(metrics))["sekisho_connections_open{listener=\"pop3s\"}"]);
    }

    [Fact]
    public async Task Two_servers_in_one_process_count_apart()
    {
        var first = new ServerMetrics();
        var second = new ServerMetrics();
        first.MessageAccepted(Sekisho.Server.Smtp.ListenerKind.Submission);
        Assert.Equal(1, (await ScrapeAsync(first))["sekisho_messages_accepted_total{listener=\"submission\"}"]);
        Assert.Equal(0, (await ScrapeAsync(second))["sekisho_messages_accepted_total{listener=\"submission\"}"]);
    }

    [Theory]
    [InlineData("smtpd_relay_restrictions", "reject_unauth_destination", "relay_denied")]
    [InlineData("smtpd_recipient_restrictions", "defer_unauth_destination", "relay_denied")]
    [InlineData("smtpd_relay_restrictions", "reject", "relay_denied")]
    [InlineData(null, "local_recipient_table", "unknown_user")]
    [InlineData("smtpd_recipient_restrictions", "reject_unlisted_recipient", "unknown_user")]
    [InlineData("smtpd_client_restrictions", "check_client_access", "client")]
    [InlineData("smtpd_client_restrictions", "reject_unauth_pipelining", "pipelining")]
    [InlineData("smtpd_helo_restrictions", "check_helo_access", "helo")]
    [InlineData("smtpd_recipient_restrictions", "reject_invalid_helo_hostname", "helo")]
    [InlineData("smtpd_sender_restrictions", "check_sender_access", "sender")]
    [InlineData("smtpd_recipient_restrictions", "reject_sender_login_mismatch", "sender")]
    [InlineData("smtpd_recipient_restrictions", "check_recipient_access", "recipient")]
    [InlineData("smtpd_data_restrictions", "reject", "data")]
    [InlineData(null, "smtpd_auth_required", "auth_required")]
    [InlineData("smtpd_etrn_restrictions", "reject", "other")]
    public async Task A_refusal_is_counted_under_its_reason_class_and_restriction(string? list, string restriction, string reason)
    {
        var metrics = new ServerMetrics();
        metrics.Rejected(list, restriction);
        var counted = (await ScrapeAsync(metrics)).Samples.Where(s => s.Key.StartsWith("sekisho_rejects_total", StringComparison.Ordinal) && s.Value > 0);
        Assert.Equal([$"sekisho_rejects_total{{reason=\"{reason}\",restriction=\"{restriction}\"}}"], counted.Select(s => s.Key));
    }

    [Theory]
    [InlineData(552, "5.3.4", "size", "message_size_limit")]
    [InlineData(550, "5.5.2", "content", "smtpd_forbid_bare_newline")]
    [InlineData(451, "4.3.0", "temporary", "none")]
    [InlineData(421, "4.4.2", "temporary", "none")]
    public async Task Refused_content_is_counted_by_its_reply(int code, string enhanced, string reason, string restriction)
    {
        var metrics = new ServerMetrics();
        metrics.ContentRejected(new SmtpReply(code, enhanced, "refused"));
        metrics.MailRejected(new SmtpReply(501, "5.5.4", "Syntax error")); // syntax is not policy: not counted
        var counted = (await ScrapeAsync(metrics)).Samples.Where(s => s.Key.StartsWith("sekisho_rejects_total", StringComparison.Ordinal) && s.Value > 0);
        Assert.Equal([$"sekisho_rejects_total{{reason=\"{reason}\",restriction=\"{restriction}\"}}"], counted.Select(s => s.Key));
    }
}
