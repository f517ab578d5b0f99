using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Sekisho.Delivery.Local;
using Sekisho.Delivery.Mbox;
using Sekisho.Delivery.Pipe;
using Sekisho.Queue.Tests.Manager;

namespace Sekisho.Queue.Tests.Delivery;

/// <summary>
/// A message that carries a deferral trailer is delivered with exactly its content: the transports read the content
/// through <see cref="QueuedMessage.OpenContent"/>, which stops where the trailer starts.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class TrailerDeliveryTests : IDisposable
{
    // No final line end: a trailer read as content would be glued to the last line.
    private const string Content = "From: a@example.org\r\nSubject: trailer\r\n\r\nSEKISHO-DEFER 1 is not a trailer here\r\nno final newline";

    private static readonly (string Address, string Reason)[] Reasons = [("alice@example.test", "451 4.3.0 try again later"), ("bob@example.test", "deferred transport")];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_queue_manager_delivers_a_deferred_message_and_one_with_a_torn_trailer_byte_for_byte()
    {
        var spool = new Spool(Path.Combine(_folder.Path, "queue"));
        var local = new LocalTransport(Path.Combine(_folder.Path, "mail"), "mx.example.test");
        var envelope = SpoolTests.Envelope() with { ArrivalTime = DateTimeOffset.UtcNow };
        var deferred = await SpoolTests.QueueAsync(spool, envelope, Content);
        var torn = await SpoolTests.QueueAsync(spool, envelope with { Recipients = [new QueueRecipient("bob@example.test", null, "local", "bob")] }, Content);
        var contentEnd = new FileInfo(spool.PathOf(QueueState.Incoming, torn)).Length;
        var manager = new QueueManager(spool, [local], new QueueManagerOptions { DeferTransports = new HashSet<string> { "local" } }, NullLogger.Instance);

        await using (QueueHarness.Run(manager))
        {
            manager.Notify(deferred);
            manager.Notify(torn);
            await QueueHarness.WaitUntilAsync(() => spool.List(QueueState.Deferred).Count == 2);
            using (var message = spool.OpenReadOnly(deferred, QueueState.Deferred))
            {
                Assert.Equal("deferred transport", message.ReadDeferReasons()["alice@example.test"]);
            }
            // A crash tore the other one's trailer.
            var path = spool.PathOf(QueueState.Deferred, torn);
            Assert.True(new FileInfo(path).Length > contentEnd + 20);
            await using (var file = new FileStream(path, FileMode.Open))
            {
                file.SetLength(contentEnd + 20);
            }

            Assert.Equal(2, manager.Flush().Count);
            await QueueHarness.WaitUntilAsync(() => spool.List(QueueState.Deferred).Count == 0 && spool.List(QueueState.Active).Count == 0
                                                     && spool.List(QueueState.Incoming).Count == 0);
        }

        Assert.Empty(spool.List(QueueState.Corrupt));
        foreach (var account in new[] { "alice", "bob" })
        {
            var delivered = Assert.Single(Directory.GetFiles(Path.Combine(local.MaildirOf(account), "new")));
            Assert.Equal(Encoding.UTF8.GetBytes(Content), await File.ReadAllBytesAsync(delivered));
        }
    }

    [Fact]
    public async Task A_command_gets_exactly_the_content()
    {
        using var harness = new TransportHarness { DeferReasons = Reasons };
        var command = $"cat > {harness.Output}/stdin";

        var result = Assert.Single(await harness.DeliverAsync(new PipeTransport("nobody", TimeSpan.FromSeconds(10)), Content, "a@example.org",
            new QueueRecipient("tracker@example.test", null, "pipe", command)));

        Assert.Equal(RecipientStatus.Sent, result.Status);
        Assert.Equal(Encoding.UTF8.GetBytes(Content), await File.ReadAllBytesAsync(Path.Combine(harness.Output, "stdin")));
    }

    [Fact]
    public async Task A_mailbox_file_gets_exactly_the_content()
    {
        using var harness = new TransportHarness { DeferReasons = Reasons };
        var path = Path.Combine(harness.Output, "archive.mbox");
        File.WriteAllBytes(path, []);
        File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
        var arrival = SpoolTests.Envelope().ArrivalTime.ToLocalTime();
        var date = $"{arrival.ToString("ddd MMM", CultureInfo.InvariantCulture)} {arrival.Day,2} {arrival.ToString("HH:mm:ss yyyy", CultureInfo.InvariantCulture)}";

        var result = Assert.Single(await harness.DeliverAsync(new FileTransport("nobody"), Content, "a@example.org",
            new QueueRecipient("archive@example.test", "archive@example.test", "file", path)));

        Assert.Equal(RecipientStatus.Sent, result.Status);
        Assert.Equal($"From a@example.org {date}\n" + Content.Replace("\r\n", "\n") + "\n\n", await File.ReadAllTextAsync(path));
    }
}
