namespace Sekisho.Queue.Tests.Manager;

/// <summary>Which delivery status notifications a pass asks for (RFC 3461 NOTIFY, delay_warning_time, double bounces).</summary>
public sealed class NoticeDecisionTests : IDisposable
{
    private readonly QueueHarness _queue = new();
    private readonly RecordingNoticeWriter _notices = new();

    public void Dispose() => _queue.Dispose();

    private async Task<(NoticeKind Kind, string Recipients)[]> RunAsync(QueueManagerOptions options, ScriptedTransport smtp, string sender,
        params QueueRecipient[] recipients)
    {
        var manager = _queue.Manager(options, _notices, smtp);
        var id = await _queue.QueueAsync(sender, recipients);
        await using (QueueHarness.Run(manager))
        {
            manager.Notify(id);
            await QueueHarness.WaitUntilAsync(() => _queue.Spool.List(QueueState.Incoming).Count + _queue.Spool.List(QueueState.Active).Count == 0);
        }
        return _notices.Notices.Select(n => (n.Kind, string.Join(" ", n.Recipients))).ToArray();
    }

    private static ScriptedTransport Answering(Func<string, RecipientResult> answer) => new() { Answer = r => answer(r.Address) };

    private static RecipientResult ByLocalPart(string address) => address.Split('@')[0] switch
    {
        "ok" or "ok2" => RecipientResult.Sent("next", "250 ok"),
        "relayed" => RecipientResult.Sent("next", "250 ok") with { DsnPassedOn = true },
        "later" => RecipientResult.Deferred("next", "451 4.3.0 try later"),
        _ => RecipientResult.Bounced("next", "550 5.1.1 unknown"),
    };

    [Theory]
    [InlineData(DsnNotify.None, true)]
    [InlineData(DsnNotify.Failure, true)]
    [InlineData(DsnNotify.Failure | DsnNotify.Success, true)]
    [InlineData(DsnNotify.Delay, false)]
    [InlineData(DsnNotify.Success, false)]
    [InlineData(DsnNotify.Never, false)]
    public async Task A_failure_is_reported_unless_notify_leaves_failure_out(DsnNotify notify, bool reported)
    {
        var notices = await RunAsync(new QueueManagerOptions(), Answering(ByLocalPart), "sender@example.org", QueueHarness.Smtp("bad@remote.example", notify));
        Assert.Equal(reported ? [(NoticeKind.Failure, "bad@remote.example")] : [], notices.Where(n => n.Kind == NoticeKind.Failure).ToArray());
    }

    [Fact]
    public async Task Success_is_reported_when_asked_for_and_the_next_hop_did_not_take_the_request_on()
    {
        var notices = await RunAsync(new QueueManagerOptions(), Answering(ByLocalPart), "sender@example.org",
            QueueHarness.Smtp("ok@remote.example", DsnNotify.Success),
            QueueHarness.Smtp("relayed@remote.example", DsnNotify.Success),
            QueueHarness.Smtp("ok2@remote.example"));
        Assert.Equal([(NoticeKind.Success, "ok@remote.example")], notices);
    }

    [Fact]
    public async Task A_bounce_that_fails_goes_to_the_postmaster_once_and_a_postmaster_notice_that_fails_goes_nowhere()
    {
        var first = await RunAsync(new QueueManagerOptions(), Answering(ByLocalPart), "", QueueHarness.Smtp("bad@remote.example"));
        Assert.Equal([(NoticeKind.Failure, "bad@remote.example")], first);

        var manager = _queue.Manager(new QueueManagerOptions(), _notices, Answering(ByLocalPart));
        var envelope = SpoolTests.Envelope(QueueHarness.Smtp("bad@remote.example")) with { Sender = "", ArrivalTime = DateTimeOffset.UtcNow, IsPostmasterNotice = true };
        var id = await SpoolTests.QueueAsync(_queue.Spool, envelope, "x\r\n");
        await using (QueueHarness.Run(manager))
        {
            manager.Notify(id);
            await QueueHarness.WaitUntilAsync(() => !File.Exists(_queue.Spool.PathOf(QueueState.Incoming, id)) && _queue.Spool.List(QueueState.Active).Count == 0);
        }
        Assert.Single(_notices.Notices);
    }

    [Fact]
    public async Task A_delay_warning_goes_out_once_after_the_delay_warning_time()
    {
        var smtp = Answering(ByLocalPart);
        var options = new QueueManagerOptions { DelayWarningTime = TimeSpan.FromMilliseconds(1), MinimalBackoff = TimeSpan.Zero, MaximalBackoff = TimeSpan.Zero, QueueRunDelay = TimeSpan.FromMilliseconds(50) };
        var manager = _queue.Manager(options, _notices, smtp);
        var id = await _queue.QueueAsync(QueueHarness.Smtp("later@remote.example"), QueueHarness.Smtp("later@never.example", DsnNotify.Failure));
        await using (QueueHarness.Run(manager))
        {
            manager.Notify(id);
            await QueueHarness.WaitUntilAsync(() => smtp.Calls >= 8); // several passes
        }
        Assert.Equal([(NoticeKind.Delay, "later@remote.example")], _notices.Notices.Select(n => (n.Kind, string.Join(" ", n.Recipients))).ToArray());
        using var message = _queue.Spool.Open(id, _queue.Spool.List(QueueState.Deferred).Count == 1 ? QueueState.Deferred : QueueState.Incoming);
        Assert.True(message.DelayWarned);
    }

    [Fact]
    public async Task No_delay_warning_without_delay_warning_time()
    {
        var smtp = Answering(ByLocalPart);
        var options = new QueueManagerOptions { MinimalBackoff = TimeSpan.Zero, MaximalBackoff = TimeSpan.Zero, QueueRunDelay = TimeSpan.FromMilliseconds(50) };
        var manager = _queue.Manager(options, _notices, smtp);
        var id = await _queue.QueueAsync(QueueHarness.Smtp("later@remote.example", DsnNotify.Delay));
        await using (QueueHarness.Run(manager))
        {
            manager.Notify(id);
            await QueueHarness.WaitUntilAsync(() => smtp.Calls >= 3);
        }
        Assert.Empty(_notices.Notices);
    }
}
