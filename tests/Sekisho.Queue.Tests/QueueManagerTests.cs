using Microsoft.Extensions.Logging.Abstractions;
using Sekisho.Delivery.Local;

namespace Sekisho.Queue.Tests;

public sealed class QueueManagerTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Spool _spool;
    private readonly LocalTransport _local;

    public QueueManagerTests()
    {
        _spool = new Spool(Path.Combine(_folder.Path, "queue"));
        _local = new LocalTransport(Path.Combine(_folder.Path, "mail"), "mx.example.test");
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>An envelope that arrived just now (the spool tests' fixed arrival is long past the queue lifetime).</summary>
    private static QueueEnvelope Recent(params QueueRecipient[] recipients) => SpoolTests.Envelope(recipients) with { ArrivalTime = DateTimeOffset.UtcNow };

    private QueueManager Manager() => new(_spool, [_local], new QueueManagerOptions { Concurrency = 2 }, NullLogger.Instance);

    private string[] Delivered(string account) =>
        Directory.Exists(Path.Combine(_local.MaildirOf(account), "new")) ? Directory.GetFiles(Path.Combine(_local.MaildirOf(account), "new")) : [];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }

    private async Task RunUntilAsync(QueueManager manager, Func<bool> condition)
    {
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);
        try
        {
            await WaitUntilAsync(condition);
        }
        finally
        {
            stop.Cancel();
            await run;
        }
    }

    [Fact]
    public async Task Delivers_local_recipients_and_removes_the_message()
    {
        var manager = Manager();
        var id = await SpoolTests.QueueAsync(_spool, Recent(
            new QueueRecipient("alice@example.test", null, "local", "alice"),
            new QueueRecipient("bob@example.test", null, "local", "bob")), "Subject: x\r\n\r\nhi\r\n");
        manager.Notify(id);
        await RunUntilAsync(manager, () => Delivered("alice").Length == 1 && Delivered("bob").Length == 1 && _spool.List(QueueState.Active).Count == 0);
        Assert.Equal("Subject: x\r\n\r\nhi\r\n", await File.ReadAllTextAsync(Delivered("alice")[0]));
        Assert.Empty(_spool.List(QueueState.Incoming));
    }

    [Fact]
    public async Task A_recipient_without_a_transport_is_deferred_and_the_delivered_one_is_marked_sent()
    {
        var manager = Manager();
        var id = await SpoolTests.QueueAsync(_spool, Recent(
            new QueueRecipient("alice@example.test", null, "local", "alice"),
            new QueueRecipient("carol@remote.example", null, "smtp", "remote.example")), "body\r\n");
        manager.Notify(id);
        await RunUntilAsync(manager, () => _spool.List(QueueState.Deferred).Count == 1);
        Assert.Single(Delivered("alice"));
        using var message = _spool.Open(id, QueueState.Deferred);
        Assert.Equal([RecipientStatus.Sent, RecipientStatus.Pending], message.Envelope.Recipients.Select(r => r.Status));
        Assert.True(File.GetLastWriteTimeUtc(_spool.PathOf(QueueState.Deferred, id)) > DateTime.UtcNow.AddSeconds(200), "next attempt should be minutes away");
    }

    [Fact]
    public async Task A_recipient_deferred_past_the_queue_lifetime_is_bounced_and_the_message_removed()
    {
        var manager = new QueueManager(_spool, [_local], new QueueManagerOptions { MaximalQueueLifetime = TimeSpan.FromDays(5) }, NullLogger.Instance);
        var old = SpoolTests.Envelope(new QueueRecipient("carol@remote.example", null, "smtp", "remote.example")) with
        {
            ArrivalTime = DateTimeOffset.UtcNow.AddDays(-6),
        };
        var id = await SpoolTests.QueueAsync(_spool, old, "body\r\n");
        manager.Notify(id);
        await RunUntilAsync(manager, () => !File.Exists(_spool.PathOf(QueueState.Incoming, id)) && _spool.List(QueueState.Active).Count == 0);
        Assert.Empty(_spool.List(QueueState.Deferred));
    }

    [Fact]
    public async Task A_message_delivered_just_before_a_crash_is_not_delivered_again()
    {
        // The crash window: the Maildir file is in place, but the queue file was never removed from active.
        var id = await SpoolTests.QueueAsync(_spool, Recent(), "body\r\n");
        _spool.Move(id, QueueState.Incoming, QueueState.Active);
        using (var message = _spool.Open(id, QueueState.Active))
        {
            var results = await _local.DeliverAsync(new DeliveryRequest(message, [(0, message.Envelope.Recipients[0])], false), CancellationToken.None);
            Assert.Equal(RecipientStatus.Sent, Assert.Single(results).Status);
        }
        Assert.Single(Delivered("alice"));

        var manager = Manager();
        manager.Recover();
        await RunUntilAsync(manager, () => _spool.List(QueueState.Active).Count == 0 && _spool.List(QueueState.Incoming).Count == 0);
        Assert.Single(Delivered("alice"));
    }

    [Fact]
    public async Task A_message_read_from_cur_by_a_mail_reader_is_still_recognised_after_a_crash()
    {
        var id = await SpoolTests.QueueAsync(_spool, Recent(), "body\r\n");
        _spool.Move(id, QueueState.Incoming, QueueState.Active);
        using (var message = _spool.Open(id, QueueState.Active))
        {
            await _local.DeliverAsync(new DeliveryRequest(message, [(0, message.Envelope.Recipients[0])], false), CancellationToken.None);
        }
        var delivered = Assert.Single(Delivered("alice"));
        File.Move(delivered, Path.Combine(_local.MaildirOf("alice"), "cur", Path.GetFileName(delivered) + ":2,S"));

        var manager = Manager();
        manager.Recover();
        await RunUntilAsync(manager, () => _spool.List(QueueState.Active).Count == 0 && _spool.List(QueueState.Incoming).Count == 0);
        Assert.Empty(Delivered("alice"));
        Assert.Single(Directory.GetFiles(Path.Combine(_local.MaildirOf("alice"), "cur")));
    }

    [Fact]
    public async Task A_corrupt_file_moves_to_the_corrupt_queue()
    {
        var incoming = Path.Combine(_folder.Path, "queue", "incoming", "ABC123");
        await File.WriteAllTextAsync(incoming, "SEKISHO-QUEUE 1\nid ABC123\n");
        var manager = Manager();
        manager.Recover();
        await RunUntilAsync(manager, () => _spool.List(QueueState.Corrupt).Count == 1);
        Assert.Empty(_spool.List(QueueState.Incoming));
    }

    [Fact]
    public async Task Recovery_removes_half_written_files_and_requeues_active_ones()
    {
        var id = await SpoolTests.QueueAsync(_spool, Recent(), "body\r\n");
        _spool.Move(id, QueueState.Incoming, QueueState.Active);
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "queue", "tmp", "DEAD"), "partial"); // an earlier version's
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "queue", "incoming", ".BEEF"), "partial");
        var manager = Manager();
        manager.Recover();
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder.Path, "queue", "tmp")));
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder.Path, "queue", "incoming"), ".*"));
        await RunUntilAsync(manager, () => Delivered("alice").Length == 1 && _spool.List(QueueState.Active).Count == 0);
    }
}
