using MimeKit;
using MimeKit.Utils;
using Sekisho.EndToEnd.Tests.Infrastructure;
using Sekisho.Queue;

namespace Sekisho.EndToEnd.Tests.Outbound;

/// <summary>
/// RFC 3461/3464 delivery status notifications: the listener takes RET, ENVID, NOTIFY and ORCPT into the queue
/// file, the smtp transport passes them on to a next hop that offers DSN (Postfix's smtp-sink), and the notices the
/// server writes (failure, double bounce, delay, success) are multipart/report messages with Postfix's wording.
/// </summary>
public sealed class DsnTests
{
    private const string Content = "From: alice@example.test\r\nTo: friend@outside.example\r\nSubject: the original\r\n\r\nthe body\r\n";
    private static QueueRecipient Remote(string address, DsnNotify notify = DsnNotify.None, string orcpt = "", string? original = null) =>
        new(address, original, "smtp", address[(address.IndexOf('@') + 1)..], RecipientStatus.Pending, notify, orcpt);

    private static RecipientResult Refused(string address) => RecipientResult.Bounced("outside.example[192.0.2.1]:25",
        $"host outside.example[192.0.2.1] said: 550 5.1.1 <{address}>: Recipient address rejected: User unknown (in reply to RCPT TO command)");

    private static (TextPart Text, HeaderList PerMessage, IReadOnlyList<HeaderList> PerRecipient, MimeEntity Returned) Parts(MimeMessage report)
    {
        var multipart = Assert.IsType<MultipartReport>(report.Body);
        Assert.Equal("delivery-status", multipart.ReportType);
        Assert.Equal(3, multipart.Count);
        var status = Assert.IsType<MessageDeliveryStatus>(multipart[1]);
        // MimeKit reads the blank line before the closing boundary as one more (empty) group.
        return (Assert.IsType<TextPart>(multipart[0]), status.StatusGroups[0], status.StatusGroups.Skip(1).Where(g => g.Count > 0).ToList(), multipart[2]);
    }

    // ---- the notices, written directly ----

    [Fact]
    public async Task A_failure_returns_the_whole_message_with_the_envelope_id_and_the_original_recipient()
    {
        await using var harness = await BounceWriterHarness.CreateAsync();
        var recipient = Remote("friend@outside.example", DsnNotify.Failure, "rfc822;friend+x@outside.example");
        using var original = await harness.QueueAsync(BounceWriterHarness.Envelope("alice@example.test", recipient) with { EnvelopeId = "QQ314159" }, Content);

        var id = await harness.Writer.WriteAsync(original, [(recipient, Refused("friend@outside.example"))], NoticeKind.Failure, CancellationToken.None);

        var (envelope, report) = harness.ReadNotice(Assert.IsType<string>(id));
        Assert.Equal("", envelope.Sender);
        Assert.False(envelope.IsPostmasterNotice);
        var to = Assert.Single(envelope.Recipients);
        Assert.Equal(("alice@example.test", "local", "alice"), (to.Address, to.Transport, to.NextHop));

        Assert.Equal("Undelivered Mail Returned to Sender", report.Subject);
        Assert.Equal("\"Mail Delivery System\" <MAILER-DAEMON@mx.example.test>", report.From.ToString());
        Assert.Equal("alice@example.test", report.To.Mailboxes.Single().Address);
        Assert.Equal("auto-replied", report.Headers["Auto-Submitted"]);
        var (text, perMessage, perRecipient, returned) = Parts(report);
        Assert.Contains("This is the mail system at host mx.example.test.", text.Text);
        Assert.Contains("could not\nbe delivered to one or more recipients", text.Text.ReplaceLineEndings("\n"));
        Assert.Contains("<friend@outside.example>: host outside.example[192.0.2.1] said: 550 5.1.1", text.Text);
        Assert.Equal("QQ314159", perMessage["Original-Envelope-Id"]);
        Assert.Equal("dns; mx.example.test", perMessage["Reporting-MTA"]);
        Assert.Equal(original.QueueId, perMessage["X-Sekisho-Queue-ID"]);
        Assert.True(DateUtils.TryParse(perMessage["Arrival-Date"], out var arrival));
        Assert.Equal(BounceWriterHarness.Arrival, arrival);
        var group = Assert.Single(perRecipient);
        Assert.Equal("rfc822; friend@outside.example", group["Final-Recipient"]);
        Assert.Equal("rfc822;friend+x@outside.example", group["Original-Recipient"]);
        Assert.Equal("failed", group["Action"]);
        Assert.Equal("5.1.1", group["Status"]);
        Assert.Equal("dns; outside.example", group["Remote-MTA"]);
        Assert.StartsWith("smtp; host outside.example[192.0.2.1] said: 550 5.1.1", group["Diagnostic-Code"]);
        Assert.Null(group["Will-Retry-Until"]);
        var whole = Assert.IsType<MessagePart>(returned);
        Assert.Equal("the original", whole.Message!.Subject);
        Assert.Equal("the body", whole.Message!.TextBody!.TrimEnd());
    }

    [Theory]
    [InlineData(DsnReturn.Default, 10, true)]
    [InlineData(DsnReturn.Full, 10, true)]
    [InlineData(DsnReturn.Headers, 10, false)]
    [InlineData(DsnReturn.Full, 1000, false)]   // larger than bounce_size_limit: headers only
    [InlineData(DsnReturn.Default, 1000, false)]
    public async Task A_failure_returns_the_message_or_its_headers_by_RET_and_bounce_size_limit(DsnReturn ret, int bodyLines, bool whole)
    {
        await using var harness = await BounceWriterHarness.CreateAsync("bounce_size_limit = 5000");
        var recipient = Remote("friend@outside.example");
        var content = Content + string.Concat(Enumerable.Repeat("0123456789 0123456789 0123456789\r\n", bodyLines));
        using var original = await harness.QueueAsync(BounceWriterHarness.Envelope("alice@example.test", recipient) with { Return = ret }, content);

        var id = await harness.Writer.WriteAsync(original, [(recipient, Refused("friend@outside.example"))], NoticeKind.Failure, CancellationToken.None);

        var returned = Parts(harness.ReadNotice(id!).Report).Returned;
        if (whole)
        {
            var body = Assert.IsType<MessagePart>(returned).Message!.TextBody!;
            Assert.Equal(bodyLines, body.Split("0123456789 0123456789 0123456789").Length - 1);
        }
        else
        {
            var headers = Assert.IsType<TextRfc822Headers>(returned);
            Assert.Equal("the original", headers.Message!.Subject);
            Assert.DoesNotContain("0123456789", headers.ToString());
        }
    }

    [Fact]
    public async Task A_failed_bounce_becomes_a_double_bounce_to_the_postmaster_with_headers_only()
    {
        await using var harness = await BounceWriterHarness.CreateAsync();
        var recipient = Remote("gone@outside.example");
        using var original = await harness.QueueAsync(BounceWriterHarness.Envelope("", recipient), Content);

        var id = await harness.Writer.WriteAsync(original, [(recipient, Refused("gone@outside.example"))], NoticeKind.Failure, CancellationToken.None);

        var (envelope, report) = harness.ReadNotice(Assert.IsType<string>(id));
        Assert.Equal("", envelope.Sender);
        Assert.True(envelope.IsPostmasterNotice);
        Assert.Equal(("local", "alice"), (Assert.Single(envelope.Recipients).Transport, envelope.Recipients[0].NextHop)); // the postmaster: the first admin
        Assert.Equal("Postmaster Copy: Undelivered Mail", report.Subject);
        Assert.Equal("postmaster@mx.example.test", report.To.Mailboxes.Single().Address); // qualified with $myorigin, as Postfix does
        Assert.Equal("auto-generated", report.Headers["Auto-Submitted"]);
        var (_, _, perRecipient, returned) = Parts(report);
        Assert.Equal("failed", Assert.Single(perRecipient)["Action"]);
        Assert.Equal("the original", Assert.IsType<TextRfc822Headers>(returned).Message!.Subject);
    }

    [Theory]
    [InlineData("alice@example.test", true, NoticeKind.Failure)]   // a postmaster notice is never reported on
    [InlineData("", true, NoticeKind.Failure)]
    [InlineData("", false, NoticeKind.Delay)]                      // nobody to warn about a bounce
    [InlineData("", false, NoticeKind.Success)]
    [InlineData("nobody@example.test", false, NoticeKind.Failure)] // a local sender that does not exist
    public async Task No_notice_when_there_is_no_one_to_tell(string sender, bool postmasterNotice, NoticeKind kind)
    {
        await using var harness = await BounceWriterHarness.CreateAsync();
        var recipient = Remote("gone@outside.example");
        using var original = await harness.QueueAsync(BounceWriterHarness.Envelope(sender, recipient) with { IsPostmasterNotice = postmasterNotice }, Content);

        Assert.Null(await harness.Writer.WriteAsync(original, [(recipient, Refused("gone@outside.example"))], kind, CancellationToken.None));
        Assert.Equal([original.QueueId], harness.Spool.List(QueueState.Incoming));
    }

    [Theory]
    [InlineData("host outside.example[192.0.2.1] said: 451 4.3.0 <friend@outside.example>: Try again later (in reply to RCPT TO command)", "4.3.0")]
    [InlineData("connect to outside.example[192.0.2.1]:25: Connection refused", "4.0.0")]
    public async Task A_delay_warning_says_how_long_it_keeps_trying(string reason, string status)
    {
        await using var harness = await BounceWriterHarness.CreateAsync("maximal_queue_lifetime = 5d");
        var recipient = Remote("friend@outside.example", DsnNotify.Delay | DsnNotify.Failure, "rfc822;friend@outside.example");
        using var original = await harness.QueueAsync(BounceWriterHarness.Envelope("alice@example.test", recipient), Content);

        var id = await harness.Writer.WriteAsync(original, [(recipient, RecipientResult.Deferred("outside.example[192.0.2.1]:25", reason))], NoticeKind.Delay,
            CancellationToken.None);

        var (envelope, report) = harness.ReadNotice(Assert.IsType<string>(id));
        Assert.False(envelope.IsPostmasterNotice);
        Assert.Equal("Delayed Mail (still being retried)", report.Subject);
        var (text, perMessage, perRecipient, returned) = Parts(report);
        var body = text.Text.ReplaceLineEndings("\n");
        Assert.Contains("# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #", body);
        Assert.Contains("Your message could not be delivered for more than 4 hour(s).\nIt will be retried until it is 5 day(s) old.", body);
        Assert.Contains("<friend@outside.example>: " + reason, body);
        Assert.Null(perMessage["Original-Envelope-Id"]);
        var group = Assert.Single(perRecipient);
        Assert.Equal("delayed", group["Action"]);
        Assert.Equal(status, group["Status"]);
        Assert.Equal("rfc822;friend@outside.example", group["Original-Recipient"]);
        Assert.True(DateUtils.TryParse(group["Will-Retry-Until"], out var until));
        Assert.Equal(BounceWriterHarness.Arrival.AddDays(5), until);
        Assert.Equal("the original", Assert.IsType<TextRfc822Headers>(returned).Message!.Subject);
    }

    [Fact]
    public async Task A_success_report_says_delivered_here_and_relayed_for_a_next_hop_without_DSN()
    {
        await using var harness = await BounceWriterHarness.CreateAsync();
        var local = new QueueRecipient("bob@example.test", "team@example.test", "local", "bob", RecipientStatus.Sent, DsnNotify.Success);
        var remote = Remote("friend@outside.example", DsnNotify.Success | DsnNotify.Failure);
        using var original = await harness.QueueAsync(BounceWriterHarness.Envelope("alice@example.test", local, remote) with { Return = DsnReturn.Full }, Content);

        var id = await harness.Writer.WriteAsync(original,
            [
                (local, RecipientResult.Sent("local", "delivered to maildir")),
                (remote, RecipientResult.Sent("outside.example[192.0.2.1]:25", "250 2.0.0 Ok: queued as 4XYZ")),
            ],
            NoticeKind.Success, CancellationToken.None);

        var report = harness.ReadNotice(Assert.IsType<string>(id)).Report;
        Assert.Equal("Successful Mail Delivery Report", report.Subject);
        var (text, _, perRecipient, returned) = Parts(report);
        Assert.Contains("Your message was successfully delivered to the destination(s)\nlisted below.", text.Text.ReplaceLineEndings("\n"));
        Assert.Contains("<bob@example.test> (expanded from <team@example.test>): delivered to maildir", text.Text);
        Assert.Equal(2, perRecipient.Count);
        Assert.Equal("rfc822; bob@example.test", perRecipient[0]["Final-Recipient"]);
        Assert.Equal("rfc822; team@example.test", perRecipient[0]["Original-Recipient"]);
        Assert.Equal("delivered", perRecipient[0]["Action"]);
        Assert.Equal("2.0.0", perRecipient[0]["Status"]);
        Assert.Equal("X-Sekisho; delivered to maildir", perRecipient[0]["Diagnostic-Code"]);
        Assert.Null(perRecipient[0]["Remote-MTA"]);
        Assert.Equal("relayed", perRecipient[1]["Action"]);
        Assert.Equal("2.0.0", perRecipient[1]["Status"]);
        Assert.Equal("dns; outside.example", perRecipient[1]["Remote-MTA"]);
        Assert.Equal("smtp; 250 2.0.0 Ok: queued as 4XYZ", perRecipient[1]["Diagnostic-Code"]);
        Assert.Null(perRecipient[1]["Original-Recipient"]);
        Assert.IsType<TextRfc822Headers>(returned); // success reports return headers, whatever RET says
    }

    // ---- through the wire ----

    [Fact]
    public async Task EHLO_offers_DSN()
    {
        await using var server = await TestServer.StartAsync();
        await using var smtp = await RawSmtpClient.ConnectAsync(server.SmtpPort);
        Assert.StartsWith("220 ", await smtp.ReadReplyAsync());
        Assert.Contains("\n250-8BITMIME\n250-DSN\n250-SMTPUTF8\n", await smtp.CommandAsync("EHLO client.example"));
    }

    [Fact]
    public async Task The_parameters_are_kept_in_the_queue_file_per_recipient_of_an_alias()
    {
        var closed = FreePort.Next(); // the next hop never answers: the message stays deferred for inspection
        await using var server = await TestServer.StartAsync($"relayhost = [127.0.0.1]:{closed}\nsmtp_tls_security_level = none",
            aliases: "team: friend@outside.example, bob\n");
        await using (var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<alice@example.test> RET=HDRS ENVID=abc+2Bdef"));
            Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<team@example.test> NOTIFY=SUCCESS,FAILURE"));
            Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<other@outside.example> notify=never ORCPT=rfc822;other+2Bx@outside.example"));
            Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<third@outside.example>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await smtp.CommandAsync("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued as ", await smtp.CommandAsync("Subject: kept\r\n\r\nhello\r\n."));
        }
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (server.QueueFiles("deferred").Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }
        var file = Assert.Single(server.QueueFiles("deferred"));
        using var queued = new Spool(server.QueueDirectory).Open(Path.GetFileName(file), QueueState.Deferred);

        Assert.Equal(DsnReturn.Headers, queued.Envelope.Return);
        Assert.Equal("abc+def", queued.Envelope.EnvelopeId);
        var recipients = queued.Envelope.Recipients.ToDictionary(r => r.Address, r => (r.Notify, r.OriginalRecipient));
        Assert.Equal((DsnNotify.Success | DsnNotify.Failure, "rfc822;team@example.test"), recipients["friend@outside.example"]);
        Assert.Equal((DsnNotify.Success | DsnNotify.Failure, "rfc822;team@example.test"), recipients["bob@example.test"]);
        Assert.Equal((DsnNotify.Never, "rfc822;other+x@outside.example"), recipients["other@outside.example"]);
        Assert.Equal((DsnNotify.None, ""), recipients["third@outside.example"]);
    }

    [Fact]
    public async Task The_parameters_reach_a_next_hop_that_offers_DSN()
    {
        var sinkPort = FreePort.Next();
        var dumps = Path.Combine(Path.GetTempPath(), "sekisho-dsn-" + Guid.NewGuid().ToString("N")[..10]);
        await using var sink = await SmtpSinkProcess.StartAsync(sinkPort, dumps, null, [], CancellationToken.None);
        await using var server = await TestServer.StartAsync($"relayhost = [127.0.0.1]:{sinkPort}\nsmtp_tls_security_level = none");
        await using (var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<a@x.example> RET=HDRS ENVID=abc"));
            Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<b@y.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@y.example"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await smtp.CommandAsync("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued as ", await smtp.CommandAsync("Subject: dsn\r\n\r\nhello\r\n."));
        }
        var dump = await sink.FirstDumpAsync();
        Assert.Contains("X-Mail-Args: <a@x.example> ENVID=abc RET=HDRS\n", dump);
        Assert.Contains("X-Rcpt-Args: <b@y.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@y.example\n", dump);
        // The next hop took the request on: it reports success from now on, not this server.
        await Poll.LogLineAsync(() => server.LogLines, "to=<b@y.example>", "status=sent");
        await Task.Delay(300);
        Assert.DoesNotContain(server.LogLines, line => line.Contains("delivery status notification"));
        Assert.Single(Directory.GetFiles(dumps));
    }

    [Fact]
    public async Task A_local_delivery_with_NOTIFY_SUCCESS_is_reported_to_the_sender()
    {
        await using var server = await TestServer.StartAsync();
        await SendAsync(server.SmtpPort, "MAIL FROM:<alice@example.test> ENVID=local-1", "RCPT TO:<bob@example.test> NOTIFY=SUCCESS");

        Assert.Single(await server.WaitForMessagesAsync("bob", 1));
        var report = MimeMessage.Load(Assert.Single(await server.WaitForMessagesAsync("alice", 1)));
        Assert.Equal("Successful Mail Delivery Report", report.Subject);
        var (_, perMessage, perRecipient, returned) = Parts(report);
        Assert.Equal("local-1", perMessage["Original-Envelope-Id"]);
        var group = Assert.Single(perRecipient);
        Assert.Equal("rfc822; bob@example.test", group["Final-Recipient"]);
        Assert.Equal("delivered", group["Action"]);
        Assert.Equal("2.0.0", group["Status"]);
        Assert.Equal("dsn", Assert.IsType<TextRfc822Headers>(returned).Message!.Subject);
        Assert.Contains(server.LogLines, line => line.Contains(": sender delivery status notification: "));
    }

    [Fact]
    public async Task Relaying_to_a_next_hop_without_DSN_is_reported_as_relayed()
    {
        await using var nextHop = new NextHopServer();
        await using var server = await TestServer.StartAsync($"relayhost = [127.0.0.1]:{nextHop.Port}\nsmtp_tls_security_level = none");
        await SendAsync(server.SmtpPort, "MAIL FROM:<alice@example.test> RET=FULL", "RCPT TO:<friend@outside.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;friend@outside.example");

        var report = MimeMessage.Load(Assert.Single(await server.WaitForMessagesAsync("alice", 1)));
        var accepted = Assert.Single(nextHop.Accepted);
        Assert.Equal("MAIL FROM:<alice@example.test>", accepted.MailFrom.Split(" SIZE=")[0]); // no DSN offered: nothing passed on
        Assert.Equal(["RCPT TO:<friend@outside.example>"], accepted.Recipients);
        Assert.Equal("Successful Mail Delivery Report", report.Subject);
        var group = Assert.Single(Parts(report).PerRecipient);
        Assert.Equal("relayed", group["Action"]);
        Assert.Equal("rfc822;friend@outside.example", group["Original-Recipient"]);
        Assert.Equal("dns; 127.0.0.1", group["Remote-MTA"]);
    }

    [Fact]
    public async Task Mail_deferred_past_delay_warning_time_gets_one_delay_warning()
    {
        var closed = FreePort.Next(); // nothing listens there: every attempt is deferred
        await using var server = await TestServer.StartAsync($"""
            relayhost = [127.0.0.1]:{closed}
            smtp_tls_security_level = none
            delay_warning_time = 1s
            maximal_queue_lifetime = 1h
            minimal_backoff_time = 1s
            maximal_backoff_time = 1s
            queue_run_delay = 1s
            """);
        await SendAsync(server.SmtpPort, "MAIL FROM:<alice@example.test>", "RCPT TO:<friend@outside.example>");

        var report = MimeMessage.Load(Assert.Single(await server.WaitForMessagesAsync("alice", 1, timeoutSeconds: 20)));
        Assert.Equal("Delayed Mail (still being retried)", report.Subject);
        var (text, _, perRecipient, returned) = Parts(report);
        Assert.Contains("It will be retried until it is 1 hour(s) old.", text.Text);
        var group = Assert.Single(perRecipient);
        Assert.Equal("delayed", group["Action"]);
        Assert.StartsWith("4.", group["Status"]);
        Assert.NotNull(group["Will-Retry-Until"]);
        Assert.IsType<TextRfc822Headers>(returned);
        await Task.Delay(2500); // more attempts, no second warning
        Assert.Single(server.MessagesOf("alice"));
        Assert.Single(server.LogLines, line => line.Contains(": sender delay notification: "));
    }

    private static async Task SendAsync(int port, string mail, string rcpt)
    {
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(port);
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync(mail));
        Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync(rcpt));
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await smtp.CommandAsync("DATA"));
        Assert.StartsWith("250 2.0.0 Ok: queued as ", await smtp.CommandAsync("From: alice@example.test\r\nSubject: dsn\r\n\r\nhello\r\n."));
    }
}
