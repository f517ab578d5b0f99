namespace Sekisho.Queue.Tests.Manager;

/// <summary>Concurrency per destination and in total, defer_transports and flushes.</summary>
public sealed class SchedulingTests : IDisposable
{
    private readonly QueueHarness _queue = new();

    public void Dispose() => _queue.Dispose();

    [Fact]
    public async Task No_more_than_the_destination_limit_run_at_once_and_other_destinations_are_not_held_up()
    {
        var smtp = new ScriptedTransport { Gate = new SemaphoreSlim(0) };
        var manager = _queue.Manager(new QueueManagerOptions { Concurrency = 10, DestinationConcurrency = 2 }, null, smtp);
        for (var i = 0; i < 6; i++)
        {
            manager.Notify(await _queue.QueueAsync(QueueHarness.Smtp($"u{i}@busy.example")));
        }
        await using (QueueHarness.Run(manager))
        {
            await QueueHarness.WaitUntilAsync(() => smtp.Waiting == 2);
            Assert.Equal(2, manager.DeliveriesInProgress("busy.example"));
            // Another destination gets through while busy.example is at its limit.
            manager.Notify(await _queue.QueueAsync(QueueHarness.Smtp("x@other.example")));
            await QueueHarness.WaitUntilAsync(() => smtp.Waiting == 3);
            await Task.Delay(200);
            Assert.Equal(3, smtp.Waiting);
            smtp.Gate.Release(100);
            await QueueHarness.WaitUntilAsync(() => smtp.Delivered.Count == 7);
        }
        Assert.Equal(2, smtp.Peaks["busy.example"]);
        Assert.Equal(1, smtp.Peaks["other.example"]);
        Assert.Equal(0, manager.DeliveriesInProgress("busy.example"));
    }

    [Fact]
    public async Task The_total_concurrency_bounds_all_destinations()
    {
        var smtp = new ScriptedTransport { Gate = new SemaphoreSlim(0) };
        var manager = _queue.Manager(new QueueManagerOptions { Concurrency = 3, DestinationConcurrency = 20 }, null, smtp);
        for (var i = 0; i < 8; i++)
        {
            manager.Notify(await _queue.QueueAsync(QueueHarness.Smtp($"u@d{i}.example")));
        }
        await using (QueueHarness.Run(manager))
        {
            await QueueHarness.WaitUntilAsync(() => smtp.Waiting == 3);
            await Task.Delay(200);
            Assert.Equal(3, smtp.Waiting);
            smtp.Gate.Release(100);
            await QueueHarness.WaitUntilAsync(() => smtp.Delivered.Count == 8);
        }
    }

    [Fact]
    public async Task A_deferred_transport_is_not_tried_until_a_flush()
    {
        var smtp = new ScriptedTransport();
        var manager = _queue.Manager(new QueueManagerOptions { DeferTransports = new HashSet<string> { "smtp" } }, null, smtp);
        var id = await _queue.QueueAsync(QueueHarness.Smtp("bob@remote.example"));
        manager.Notify(id);
        await using (QueueHarness.Run(manager))
        {
            await QueueHarness.WaitUntilAsync(() => _queue.Spool.List(QueueState.Deferred).Count == 1);
            Assert.Equal(0, smtp.Calls);
            using (var message = _queue.Spool.OpenReadOnly(id, QueueState.Deferred))
            {
                Assert.Equal("deferred transport", message.ReadDeferReasons()["bob@remote.example"]);
            }
            Assert.Empty(Directory.GetFiles(_queue.Spool.DeferLogDirectory)); // the reason is kept in the queue file

            var flushed = manager.Flush();
            Assert.Equal(1, flushed.Count);
            await QueueHarness.WaitUntilAsync(() => smtp.Delivered.Count == 1 && _queue.Spool.List(QueueState.Active).Count == 0);
        }
        Assert.Empty(_queue.Spool.List(QueueState.Deferred));
        Assert.Empty(Directory.GetFiles(_queue.Spool.DeferLogDirectory));
    }

    [Theory]
    [InlineData("remote.example", new[] { "a" })]
    [InlineData("REMOTE.example", new[] { "a" })]
    [InlineData("@remote.example", new[] { "a", "b" })]
    [InlineData("other.example", new[] { "c" })]
    [InlineData("nowhere.example", new string[0])]
    public async Task A_flush_for_a_domain_moves_only_messages_with_a_pending_recipient_there(string domain, string[] expected)
    {
        var smtp = new ScriptedTransport();
        var manager = _queue.Manager(new QueueManagerOptions { DeferTransports = new HashSet<string> { "smtp" } }, null, smtp);
        var ids = new Dictionary<string, string>
        {
            ["a"] = await _queue.QueueAsync(QueueHarness.Smtp("x@remote.example")),
            ["b"] = await _queue.QueueAsync(QueueHarness.Smtp("y@sub.remote.example")),
            ["c"] = await _queue.QueueAsync(QueueHarness.Smtp("z@other.example")),
        };
        await using (QueueHarness.Run(manager))
        {
            foreach (var id in ids.Values)
            {
                manager.Notify(id);
            }
            await QueueHarness.WaitUntilAsync(() => _queue.Spool.List(QueueState.Deferred).Count == 3);
            Assert.Equal(expected.Length, manager.Flush(domain).Count);
            await QueueHarness.WaitUntilAsync(() => smtp.Delivered.Count == expected.Length && _queue.Spool.List(QueueState.Deferred).Count == 3 - expected.Length);
        }
        Assert.Equal(expected.Select(e => ids[e]).Order(), smtp.Delivered.Select(d => d.Split(' ')[0]).Order());
    }

    [Fact]
    public async Task A_flush_during_a_delivery_attempt_retries_the_message_at_once_instead_of_after_its_backoff()
    {
        var gate = new SemaphoreSlim(0);
        var smtp = new ScriptedTransport { Gate = gate };
        smtp.Answer = _ => smtp.Calls == 1 ? RecipientResult.Deferred("next", "451 try later") : RecipientResult.Sent("next", "250 ok");
        var manager = _queue.Manager(new QueueManagerOptions { MinimalBackoff = TimeSpan.FromHours(1) }, null, smtp);
        var id = await _queue.QueueAsync(QueueHarness.Smtp("bob@remote.example"));
        await using (QueueHarness.Run(manager))
        {
            manager.Notify(id);
            await QueueHarness.WaitUntilAsync(() => smtp.Waiting == 1);
            Assert.Equal(1, manager.Flush().Count); // being tried: retried right after this attempt
            gate.Release(10);
            await QueueHarness.WaitUntilAsync(() => smtp.Delivered.Count == 1);
        }
        Assert.Equal(2, smtp.Calls);
        Assert.Empty(_queue.Spool.List(QueueState.Deferred));
    }

    [Fact]
    public async Task A_flush_covers_mail_still_in_incoming_under_defer_transports()
    {
        var smtp = new ScriptedTransport();
        var manager = _queue.Manager(new QueueManagerOptions { DeferTransports = new HashSet<string> { "smtp" } }, null, smtp);
        var id = await _queue.QueueAsync(QueueHarness.Smtp("bob@remote.example"));
        manager.Flush(); // before the manager has even looked at it
        await using (QueueHarness.Run(manager))
        {
            manager.Notify(id);
            await QueueHarness.WaitUntilAsync(() => smtp.Delivered.Count == 1);
        }
    }
}
