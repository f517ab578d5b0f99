using Sekisho.Queue.Control;

namespace Sekisho.Queue.Tests.Manager;

/// <summary>hold, release, delete, requeue while the manager runs, including on a message being delivered.</summary>
public sealed class AdminOperationTests : IDisposable
{
    private readonly QueueHarness _queue = new();

    public void Dispose() => _queue.Dispose();

    private QueueManager DeferringManager(ScriptedTransport smtp) =>
        _queue.Manager(new QueueManagerOptions { DeferTransports = new HashSet<string> { "smtp" } }, null, smtp);

    [Fact]
    public async Task Hold_release_and_requeue_move_a_deferred_message()
    {
        var smtp = new ScriptedTransport();
        var manager = DeferringManager(smtp);
        var id = await _queue.QueueAsync(QueueHarness.Smtp("bob@remote.example"));
        await using (QueueHarness.Run(manager))
        {
            manager.Notify(id);
            await QueueHarness.WaitUntilAsync(() => _queue.Spool.List(QueueState.Deferred).Count == 1);

            Assert.Equal(new QueueOperationResult(1, id + ": placed on hold"), manager.Hold(id));
            Assert.Equal([id], _queue.Spool.List(QueueState.Hold));
            Assert.Equal(0, manager.Flush().Count); // a flush leaves held mail alone
            Assert.Equal(new QueueOperationResult(0, id + ": already on hold"), manager.Hold(id));

            Assert.Equal(new QueueOperationResult(1, id + ": requeued"), manager.Requeue(id));
            await QueueHarness.WaitUntilAsync(() => smtp.Delivered.Count == 1 && _queue.Spool.List(QueueState.Active).Count == 0);
        }
        Assert.Equal(QueueOperationResult.NotFound(id), manager.Hold(id));
        Assert.Equal(QueueOperationResult.NotFound(id), manager.Requeue(id));
    }

    [Fact]
    public async Task A_released_message_is_delivered_by_the_usual_rules()
    {
        var smtp = new ScriptedTransport();
        var manager = _queue.Manager(new QueueManagerOptions(), null, smtp);
        var id = await _queue.QueueAsync(QueueHarness.Smtp("bob@remote.example"));
        Assert.Equal(1, manager.Hold(id).Count); // held before the manager ever saw it
        await using (QueueHarness.Run(manager))
        {
            manager.Notify(id);
            await Task.Delay(200);
            Assert.Equal(0, smtp.Calls);
            Assert.Equal(new QueueOperationResult(1, id + ": released from hold"), manager.Release(id));
            await QueueHarness.WaitUntilAsync(() => smtp.Delivered.Count == 1);
        }
        Assert.Equal(QueueOperationResult.NotFound(id), manager.Release(id));
    }

    [Fact]
    public async Task A_message_being_delivered_is_held_or_deleted_when_its_attempt_ends()
    {
        var smtp = new ScriptedTransport { Gate = new SemaphoreSlim(0), Answer = _ => RecipientResult.Deferred("scripted", "451 try later") };
        var manager = _queue.Manager(new QueueManagerOptions(), null, smtp);
        var held = await _queue.QueueAsync(QueueHarness.Smtp("a@one.example"));
        var deleted = await _queue.QueueAsync(QueueHarness.Smtp("b@two.example"));
        await using (QueueHarness.Run(manager))
        {
            manager.Notify(held);
            manager.Notify(deleted);
            await QueueHarness.WaitUntilAsync(() => smtp.Waiting == 2);

            Assert.Equal(new QueueOperationResult(1, held + ": being delivered; placed on hold when this attempt ends"), manager.Hold(held));
            Assert.Equal(new QueueOperationResult(1, deleted + ": being delivered; removed when this attempt ends"), manager.Delete(deleted));
            Assert.Equal(2, _queue.Spool.List(QueueState.Active).Count);
            smtp.Gate.Release(2);
            await QueueHarness.WaitUntilAsync(() => _queue.Spool.List(QueueState.Active).Count == 0);
        }
        Assert.Equal([held], _queue.Spool.List(QueueState.Hold));
        Assert.Empty(_queue.Spool.List(QueueState.Deferred));
        Assert.False(File.Exists(_queue.Spool.PathOf(QueueState.Active, deleted)));
        // The held message keeps the reason of its last attempt, in its queue file.
        Assert.Equal("451 try later", QueueListing.Find(_queue.Spool, held)!.DeferReasons["a@one.example"]);
        Assert.Empty(Directory.GetFiles(_queue.Spool.DeferLogDirectory));
    }

    [Fact]
    public async Task Delete_all_empties_every_state()
    {
        var smtp = new ScriptedTransport();
        var manager = DeferringManager(smtp);
        var deferred = await _queue.QueueAsync(QueueHarness.Smtp("a@one.example"));
        await using (QueueHarness.Run(manager))
        {
            manager.Notify(deferred);
            await QueueHarness.WaitUntilAsync(() => _queue.Spool.List(QueueState.Deferred).Count == 1);
        }
        var held = await _queue.QueueAsync(QueueHarness.Smtp("b@two.example"));
        manager.Hold(held);
        await _queue.QueueAsync(QueueHarness.Smtp("c@three.example")); // incoming

        Assert.Equal(new QueueOperationResult(3, "deleted: 3 message(s)"), manager.DeleteAll());
        foreach (var state in Enum.GetValues<QueueState>())
        {
            Assert.Empty(_queue.Spool.List(state));
        }
        Assert.Empty(Directory.GetFiles(_queue.Spool.DeferLogDirectory));
        Assert.Equal(QueueOperationResult.NotFound("6410A2F3C81B2"), manager.Delete("6410A2F3C81B2"));
    }
}
