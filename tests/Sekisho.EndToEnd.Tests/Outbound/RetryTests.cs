using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Outbound;

/// <summary>
/// A next hop that answers 4xx makes the message wait in the deferred queue for at least
/// <c>minimal_backoff_time</c> and then go out once; a bounce that itself fails is never bounced, so nothing loops.
/// (A 5xx for one recipient of two, bounced alone while the other is delivered once: <see cref="BounceTests"/>.)
/// </summary>
public sealed class RetryTests
{
    private const string Content = "From: alice@example.test\r\nSubject: retried\r\n\r\nhello\r\n";
    private static readonly TimeSpan MinimalBackoff = TimeSpan.FromSeconds(1);

    private static Task<TestServer> StartServerAsync(NextHopServer nextHop) => TestServer.StartAsync($"""
        relayhost = [127.0.0.1]:{nextHop.Port}
        smtp_tls_security_level = none
        minimal_backoff_time = {MinimalBackoff.TotalSeconds}s
        maximal_backoff_time = 2s
        queue_run_delay = 1s
        """);

    [Fact]
    public async Task A_451_at_rcpt_is_retried_after_the_backoff_and_the_message_arrives_once()
    {
        var rcpts = 0;
        await using var nextHop = new NextHopServer
        {
            RcptReply = _ => Interlocked.Increment(ref rcpts) == 1 ? "451 4.3.0 <friend@outside.example>: Temporary lookup failure" : "250 2.1.5 Ok",
        };
        await using var server = await StartServerAsync(nextHop);

        var queueId = await Submit.MessageAsync(server.SmtpPort, "alice@example.test", ["friend@outside.example"], Content);

        await AssertDeferredThenSentOnceAsync(server, nextHop, queueId,
            "host 127.0.0.1[127.0.0.1] said: 451 4.3.0 <friend@outside.example>: Temporary lookup failure (in reply to RCPT TO command)");
    }

    [Fact]
    public async Task A_451_after_data_is_retried_after_the_backoff_and_the_message_arrives_once()
    {
        var datas = 0;
        await using var nextHop = new NextHopServer
        {
            DataReply = () => Interlocked.Increment(ref datas) == 1 ? "451 4.3.0 Error: queue file write error" : "250 2.0.0 Ok: queued as ABC",
        };
        await using var server = await StartServerAsync(nextHop);

        var queueId = await Submit.MessageAsync(server.SmtpPort, "alice@example.test", ["friend@outside.example"], Content);

        await AssertDeferredThenSentOnceAsync(server, nextHop, queueId,
            "host 127.0.0.1[127.0.0.1] said: 451 4.3.0 Error: queue file write error (in reply to end of DATA command)");
    }

    [Fact]
    public async Task A_bounce_that_cannot_be_delivered_is_not_bounced_again()
    {
        // The next hop refuses the original recipient, and then the remote sender the bounce goes back to.
        await using var nextHop = new NextHopServer { RcptReply = line => $"550 5.1.1 {line[8..]}: Recipient address rejected: User unknown" };
        await using var server = await StartServerAsync(nextHop);

        var queueId = await Submit.MessageAsync(server.SmtpPort, "stranger@remote.test", ["nobody@elsewhere.test"],
            "From: stranger@remote.test\r\nSubject: goes nowhere\r\n\r\nhello\r\n");

        var relay = $"relay=127.0.0.1[127.0.0.1]:{nextHop.Port}, ";
        await Poll.LogLineAsync(() => server.LogLines, $"{queueId}: to=<nobody@elsewhere.test>, {relay}", "status=bounced");
        var notice = await Poll.LogLineAsync(() => server.LogLines, $"{queueId}: sender non-delivery notification: ");
        var bounceId = notice[(notice.LastIndexOf(' ') + 1)..];
        await Poll.LogLineAsync(() => server.LogLines, $"{bounceId}: to=<stranger@remote.test>, {relay}",
            "status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <stranger@remote.test>: Recipient address rejected: User unknown (in reply to RCPT TO command))");
        await Poll.LogLineAsync(() => server.LogLines, $"{bounceId}: removed");

        // Nothing more may happen: give the queue a few more scans (queue_run_delay = 1s) to show it.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await Poll.UntilAsync(() => server.QueuedCount() == 0, "the queue to empty");
        var sessions = nextHop.Sessions.ToArray();
        Assert.True(sessions.Length == 2, "the next hop saw: " + string.Join(" || ", sessions.Select(s => string.Join(" | ", s.Lines)))
            + "\nlog: " + string.Join("\n", server.LogLines));
        Assert.StartsWith("MAIL FROM:<stranger@remote.test>", sessions[0].Lines.Single(line => line.StartsWith("MAIL ", StringComparison.Ordinal)));
        Assert.StartsWith("MAIL FROM:<> ", sessions[1].Lines.Single(line => line.StartsWith("MAIL ", StringComparison.Ordinal)) + " ");
        Assert.Empty(nextHop.Accepted);
        Assert.Single(server.LogLines, line => line.Contains(" to=<stranger@remote.test>, "));
        Assert.Single(server.LogLines, line => line.Contains("sender non-delivery notification") && !line.Contains("postmaster"));
        // At most Postfix's "double bounce": one notice to the local postmaster, delivered, never reported again.
        var local = new[] { "alice", "bob", "postmaster" }.SelectMany(server.MessagesOf).ToList();
        Assert.True(local.Count <= 1, $"{local.Count} local messages: " + string.Join(", ", local));
        Assert.DoesNotContain(server.LogLines, line => line.Contains(" to=<stranger@remote.test>") && line.Contains("status=deferred"));
    }

    private static async Task AssertDeferredThenSentOnceAsync(TestServer server, NextHopServer nextHop, string queueId, string reason)
    {
        var prefix = $"{queueId}: to=<friend@outside.example>, relay=127.0.0.1[127.0.0.1]:{nextHop.Port}, ";
        var deferred = await Poll.LogLineAsync(() => server.LogLines, prefix, "status=deferred");
        Assert.EndsWith($"status=deferred ({reason})", deferred);
        await Poll.LogLineAsync(() => server.LogLines, prefix, "status=sent");
        await Poll.UntilAsync(() => server.QueuedCount() == 0, "the queue to empty");

        var sessions = nextHop.Sessions.ToArray();
        Assert.Equal(2, sessions.Length);
        var gap = sessions[1].Started - sessions[0].Started;
        Assert.True(gap >= MinimalBackoff, $"the second attempt came {gap.TotalMilliseconds} ms after the first, before minimal_backoff_time");
        var message = Assert.Single(nextHop.Accepted);
        Assert.StartsWith("MAIL FROM:<alice@example.test>", message.MailFrom);
        Assert.Equal(["RCPT TO:<friend@outside.example>"], message.Recipients);
        Assert.EndsWith("Subject: retried\r\n\r\nhello\r\n", message.Content);
        Assert.Single(server.LogLines, line => line.Contains(prefix) && line.Contains("status=deferred"));
    }
}
