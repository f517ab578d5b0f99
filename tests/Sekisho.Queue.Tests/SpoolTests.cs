using System.Text;

namespace Sekisho.Queue.Tests;

public sealed class SpoolTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Spool _spool;

    public SpoolTests() => _spool = new Spool(_folder.Path);

    public void Dispose() => _folder.Dispose();

    internal static QueueEnvelope Envelope(params QueueRecipient[] recipients) => new()
    {
        Sender = "sender@example.org",
        Recipients = recipients.Length > 0 ? recipients : [new QueueRecipient("alice@example.test", null, "local", "alice")],
        ArrivalTime = DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_123),
        ClientName = "unknown",
        ClientAddress = "127.0.0.1",
        Helo = "client.example",
        Protocol = "ESMTP",
        BodyType = "8BITMIME",
    };

    internal static async Task<string> QueueAsync(Spool spool, QueueEnvelope envelope, string content)
    {
        var id = spool.NewQueueId();
        await using var writer = await spool.CreateAsync(id, envelope, CancellationToken.None);
        await writer.AppendAsync(Encoding.UTF8.GetBytes(content), CancellationToken.None);
        await writer.CommitAsync(CancellationToken.None);
        return id;
    }

    [Fact]
    public async Task A_committed_message_is_in_incoming_with_its_envelope_and_content()
    {
        var id = await QueueAsync(_spool, Envelope(), "Subject: x\r\n\r\nbody\r\n");

        Assert.Equal([id], _spool.List(QueueState.Incoming));
        Assert.Equal([Path.Combine(_folder.Path, "incoming", id)], Directory.GetFiles(Path.Combine(_folder.Path, "incoming")));
        using var message = _spool.Open(id, QueueState.Incoming);
        Assert.Equal(id, message.QueueId);
        Assert.Equal("sender@example.org", message.Envelope.Sender);
        Assert.Equal("client.example", message.Envelope.Helo);
        Assert.Equal("8BITMIME", message.Envelope.BodyType);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_123), message.Envelope.ArrivalTime);
        var recipient = Assert.Single(message.Envelope.Recipients);
        Assert.Equal(new QueueRecipient("alice@example.test", null, "local", "alice"), recipient);
        using var content = new StreamReader(message.OpenContent());
        Assert.Equal("Subject: x\r\n\r\nbody\r\n", await content.ReadToEndAsync());
    }

    [Fact]
    public async Task Concurrent_commits_sharing_the_folder_sync_all_land_in_incoming()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => QueueAsync(_spool, Envelope(), $"Subject: {i}\r\n\r\n"))));

        Assert.Equal(ids.Order(StringComparer.Ordinal), _spool.List(QueueState.Incoming).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder.Path, "incoming"), ".*"));
        Assert.Equal(0, _spool.RemoveLeftoverTemporaryFiles());
    }

    [Fact]
    public async Task An_uncommitted_message_leaves_nothing_behind()
    {
        var id = _spool.NewQueueId();
        await using (var writer = await _spool.CreateAsync(id, Envelope(), CancellationToken.None))
        {
            await writer.AppendAsync(new byte[1000], CancellationToken.None);
            Assert.Empty(_spool.List(QueueState.Incoming)); // being written: no scan takes it
        }
        Assert.Empty(_spool.List(QueueState.Incoming));
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder.Path, "incoming")));
    }

    [Theory]
    [InlineData("")] // the null sender
    [InlineData("\"john smith\"@example.org")]
    [InlineData("100%@example.org")]
    [InlineData("送信者@例え.jp")]
    public async Task Envelope_fields_survive_the_round_trip(string sender)
    {
        var envelope = Envelope(new QueueRecipient("x y@remote.example", "alias@example.test", "smtp", "remote.example")) with { Sender = sender, Helo = "" };
        var id = await QueueAsync(_spool, envelope, "");
        using var message = _spool.Open(id, QueueState.Incoming);
        Assert.Equal(sender, message.Envelope.Sender);
        Assert.Equal("", message.Envelope.Helo);
        Assert.Equal(envelope.Recipients[0], message.Envelope.Recipients[0]);
        Assert.Equal(0, message.Size);
    }

    [Fact]
    public async Task Statuses_written_in_place_are_read_back()
    {
        var id = await QueueAsync(_spool, Envelope(
            new QueueRecipient("a@example.test", null, "local", "a"),
            new QueueRecipient("b@example.test", null, "local", "b"),
            new QueueRecipient("c@remote.example", null, "smtp", "remote.example")), "hello\r\n");
        using (var message = _spool.Open(id, QueueState.Incoming))
        {
            message.SetStatuses([(0, RecipientStatus.Sent), (2, RecipientStatus.Bounced)]);
        }
        using var again = _spool.Open(id, QueueState.Incoming);
        Assert.Equal([RecipientStatus.Sent, RecipientStatus.Pending, RecipientStatus.Bounced], again.Envelope.Recipients.Select(r => r.Status));
        using var content = new StreamReader(again.OpenContent());
        Assert.Equal("hello\r\n", await content.ReadToEndAsync());
    }

    [Theory]
    [InlineData("truncate")]
    [InlineData("garbage")]
    [InlineData("empty")]
    public async Task A_damaged_file_is_refused(string damage)
    {
        var id = await QueueAsync(_spool, Envelope(), "Subject: x\r\n\r\nbody\r\n");
        var path = _spool.PathOf(QueueState.Incoming, id);
        switch (damage)
        {
            case "truncate":
                await using (var file = new FileStream(path, FileMode.Open))
                {
                    file.SetLength(file.Length - 3);
                }
                break;
            case "garbage":
                await File.WriteAllTextAsync(path, "not a queue file\n");
                break;
            default:
                await File.WriteAllBytesAsync(path, []);
                break;
        }
        Assert.Throws<QueueFileException>(() => _spool.Open(id, QueueState.Incoming));
    }

    [Fact]
    public void Queue_ids_are_unique_increasing_and_file_name_safe()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => _spool.NewQueueId()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(QueueId.IsValid(id), id));
        Assert.Equal(ids, ids.OrderBy(id => id.Length).ThenBy(id => id, StringComparer.Ordinal));
    }
}
