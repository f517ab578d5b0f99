using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Sekisho.Queue.Control;

namespace Sekisho.Queue.Tests;

/// <summary>The deferral reasons kept after the content of a queue file (the trailer), and the old <c>defer/ID</c> files.</summary>
public sealed class DeferTrailerTests : IDisposable
{
    private const string Content = "Subject: x\r\n\r\nbody\r\n";
    private const int TrailerHeaderLength = 36;

    private readonly TempFolder _folder = new();
    private readonly Spool _spool;

    public DeferTrailerTests() => _spool = new Spool(_folder.Path);

    public void Dispose() => _folder.Dispose();

    private string PathOf(string id) => _spool.PathOf(QueueState.Incoming, id);

    /// <summary>Queues a message; returns its id and where its content ends (the file's length, as no trailer is written yet).</summary>
    private async Task<(string Id, long ContentEnd)> QueueAsync(string content = Content)
    {
        var id = await SpoolTests.QueueAsync(_spool, SpoolTests.Envelope(), content);
        return (id, new FileInfo(PathOf(id)).Length);
    }

    private void SetReasons(string id, params (string Address, string Reason)[] reasons)
    {
        using var message = _spool.Open(id, QueueState.Incoming);
        Assert.True(message.SetDeferReasons(reasons));
    }

    private IReadOnlyDictionary<string, string> ReadReasons(string id)
    {
        using var message = _spool.OpenReadOnly(id, QueueState.Incoming);
        return message.ReadDeferReasons();
    }

    /// <summary>Reads the content both ways transports do (async copy, sync read) and checks both give the same bytes.</summary>
    private static async Task<string> ContentOfAsync(QueuedMessage message)
    {
        await using var content = message.OpenContent();
        Assert.Equal(message.Size, content.Length);
        var copied = new MemoryStream();
        await content.CopyToAsync(copied);
        Assert.Equal(0, content.Read(new byte[16], 0, 16)); // at the end of the content, not in the trailer
        content.Position = 0;
        using var reader = new StreamReader(content, Encoding.UTF8, leaveOpen: true);
        var text = await reader.ReadToEndAsync();
        Assert.Equal(text, Encoding.UTF8.GetString(copied.ToArray()));
        Assert.Throws<ArgumentOutOfRangeException>(() => content.Seek(1, SeekOrigin.End));
        return text;
    }

    [Fact]
    public async Task Reasons_survive_the_round_trip_and_the_content_stays_exactly_as_queued()
    {
        var (id, contentEnd) = await QueueAsync();

        using (var message = _spool.Open(id, QueueState.Incoming))
        {
            Assert.True(message.SetDeferReasons([
                ("bob@remote.example", "451 4.3.0 try\tagain\r\nlater\rnow\n"),
                ("送信者@例え.jp", "452 メールボックスが一杯です ✉"),
                ("Carol@Other.example", "deferred transport"),
            ]));
            Assert.Equal("deferred transport", message.ReadDeferReasons()["carol@other.example"]); // the same instance reads it too
        }

        Assert.True(new FileInfo(PathOf(id)).Length > contentEnd);
        var reasons = ReadReasons(id);
        Assert.Equal(3, reasons.Count);
        Assert.Equal("451 4.3.0 try\tagain  later now ", reasons["bob@remote.example"]);
        Assert.Equal("452 メールボックスが一杯です ✉", reasons["送信者@例え.jp"]);
        Assert.Equal("deferred transport", reasons["CAROL@other.example"]);
        using var again = _spool.Open(id, QueueState.Incoming);
        Assert.Equal(Encoding.UTF8.GetByteCount(Content), again.Size);
        Assert.Equal(Content, await ContentOfAsync(again));
        var entry = QueueListing.Find(_spool, id)!;
        Assert.Equal(again.Size, entry.Size);
        Assert.Equal("452 メールボックスが一杯です ✉", entry.DeferReasons["送信者@例え.jp"]);
    }

    [Fact]
    public async Task The_trailer_is_written_as_documented()
    {
        var (id, contentEnd) = await QueueAsync();

        SetReasons(id, ("bob@remote.example", "451 4.3.0 try again later"), ("carol@other.example", "deferred transport"));

        var bytes = await File.ReadAllBytesAsync(PathOf(id));
        Assert.Equal(
            "SEKISHO-DEFER 1 0000000084 D1627998\nbob@remote.example\t451 4.3.0 try again later\ncarol@other.example\tdeferred transport\nend\n",
            Encoding.UTF8.GetString(bytes.AsSpan((int)contentEnd)));
    }

    [Fact]
    public async Task A_new_trailer_replaces_the_old_one_and_a_shorter_one_cuts_the_file()
    {
        var (id, contentEnd) = await QueueAsync();
        SetReasons(id, ("a@one.example", new string('x', 300)), ("b@two.example", "451 busy"), ("c@three.example", "451 busy"));
        var longer = new FileInfo(PathOf(id)).Length;

        SetReasons(id, ("b@two.example", "451 still busy"));

        var expected = contentEnd + TrailerHeaderLength + "b@two.example\t451 still busy\n".Length + "end\n".Length;
        Assert.True(expected < longer);
        Assert.Equal(expected, new FileInfo(PathOf(id)).Length);
        Assert.Equal(new Dictionary<string, string> { ["b@two.example"] = "451 still busy" }, ReadReasons(id));

        SetReasons(id, ("b@two.example", "451 still busy"), ("c@three.example", new string('y', 2000))); // longer than the stack buffer
        Assert.Equal(new string('y', 2000), ReadReasons(id)["c@three.example"]);

        SetReasons(id); // none left to explain: an empty trailer
        Assert.Equal(contentEnd + TrailerHeaderLength + "end\n".Length, new FileInfo(PathOf(id)).Length);
        Assert.Empty(ReadReasons(id));
        using var message = _spool.OpenReadOnly(id, QueueState.Incoming);
        Assert.Equal(Content, await ContentOfAsync(message));
    }

    [Theory]
    [InlineData("cut:1")]
    [InlineData("cut:20")]
    [InlineData("cut:36")] // the first line only
    [InlineData("cut:50")] // in the middle of a record
    [InlineData("cut:-1")] // the last LF of "end" missing
    [InlineData("flip:40")] // a record byte changed
    [InlineData("flip:30")] // a checksum digit changed
    [InlineData("flip:20")] // a length digit changed
    [InlineData("flip:0")] // the magic changed
    [InlineData("zeros")] // a crash left the file extended but the trailer unwritten
    [InlineData("garbage")]
    [InlineData("huge-length")] // a length larger than the file
    public async Task A_torn_or_damaged_trailer_reads_as_no_reasons_and_harms_nothing(string damage)
    {
        var (id, contentEnd) = await QueueAsync();
        SetReasons(id, ("bob@remote.example", "451 4.3.0 try again later"), ("carol@other.example", "deferred transport"));
        var path = PathOf(id);
        var bytes = await File.ReadAllBytesAsync(path);
        var trailerLength = bytes.Length - (int)contentEnd;
        var parts = damage.Split(':');
        var at = parts.Length > 1 ? int.Parse(parts[1]) : 0;
        switch (parts[0])
        {
            case "cut":
                bytes = bytes[..((int)contentEnd + (at > 0 ? at : trailerLength + at))];
                break;
            case "flip":
                bytes[contentEnd + at] ^= 0x01;
                break;
            case "zeros":
                bytes = [.. bytes.AsSpan(0, (int)contentEnd), .. new byte[4096]];
                break;
            case "garbage":
                bytes = [.. bytes.AsSpan(0, (int)contentEnd), .. "hello, world\n"u8];
                break;
            default:
                bytes = [.. bytes.AsSpan(0, (int)contentEnd), .. "SEKISHO-DEFER 1 0000999999 00000000\nx\ty\nend\n"u8];
                break;
        }
        await File.WriteAllBytesAsync(path, bytes);

        using (var message = _spool.OpenReadOnly(id, QueueState.Incoming))
        {
            Assert.Empty(message.ReadDeferReasons());
            Assert.Equal(Content, await ContentOfAsync(message));
        }
        var entry = QueueListing.Find(_spool, id)!;
        Assert.Equal(QueueState.Incoming, entry.State);
        Assert.Empty(entry.DeferReasons);

        // The next deferral writes a good trailer over it.
        SetReasons(id, ("bob@remote.example", "451 again"));
        Assert.Equal(new Dictionary<string, string> { ["bob@remote.example"] = "451 again" }, ReadReasons(id));
        Assert.Equal(contentEnd + TrailerHeaderLength + "bob@remote.example\t451 again\n".Length + 4, new FileInfo(path).Length);
    }

    [Fact]
    public async Task A_crash_between_the_write_and_the_cut_leaves_the_new_trailer_readable()
    {
        var (id, contentEnd) = await QueueAsync();
        SetReasons(id, ("a@one.example", new string('x', 300)), ("b@two.example", "451 busy"));
        var longer = await File.ReadAllBytesAsync(PathOf(id));
        SetReasons(id, ("b@two.example", "451 still busy"));
        var shorter = await File.ReadAllBytesAsync(PathOf(id));

        // Written, not yet cut: the end of the old trailer still follows the new one.
        await File.WriteAllBytesAsync(PathOf(id), [.. shorter, .. longer.AsSpan(shorter.Length)]);
        Assert.Equal(new Dictionary<string, string> { ["b@two.example"] = "451 still busy" }, ReadReasons(id));

        // Torn in the middle of the write: the start of the new trailer, the rest of the old one.
        var half = (int)contentEnd + (shorter.Length - (int)contentEnd) / 2;
        await File.WriteAllBytesAsync(PathOf(id), [.. shorter.AsSpan(0, half), .. longer.AsSpan(half)]);
        Assert.Empty(ReadReasons(id));
    }

    [Fact]
    public async Task Files_without_a_trailer_read_as_no_reasons()
    {
        var (id, contentEnd) = await QueueAsync();
        Assert.Empty(ReadReasons(id));
        Assert.Equal(contentEnd, new FileInfo(PathOf(id)).Length);

        // A file of an earlier version (no warned flag, no NOTIFY/ORCPT), with and without content.
        foreach (var (oldId, body) in new[] { ("6410A2F3C81B2", "Subject: old\r\n\r\nold\r\n"), ("6410A2F3C81B3", "") })
        {
            var header = "SEKISHO-QUEUE 1\nid " + oldId + "\ntime 1795000000123\nsize " + body.Length.ToString("D15")
                + "\nclient unknown 127.0.0.1\nhelo h\nproto ESMTP\nbody 7BIT\nutf8 0\nfrom a@example.org\nrcpt P local alice alice@example.test %\nend\n";
            await File.WriteAllTextAsync(PathOf(oldId), header + body, new UTF8Encoding(false));
            using var message = _spool.OpenReadOnly(oldId, QueueState.Incoming);
            Assert.Empty(message.ReadDeferReasons());
            Assert.Equal(body, await ContentOfAsync(message));
            Assert.Empty(QueueListing.Find(_spool, oldId)!.DeferReasons);
        }
    }

    [Fact]
    public async Task A_short_file_is_still_corrupt()
    {
        var (id, contentEnd) = await QueueAsync();
        SetReasons(id, ("bob@remote.example", "451 later"));
        await using (var file = new FileStream(PathOf(id), FileMode.Open))
        {
            file.SetLength(contentEnd - 1);
        }
        Assert.Throws<QueueFileException>(() => _spool.OpenReadOnly(id, QueueState.Incoming));
    }

    [Fact]
    public async Task Reasons_cannot_be_set_through_a_read_only_message()
    {
        var (id, _) = await QueueAsync();
        using var message = _spool.OpenReadOnly(id, QueueState.Incoming);
        Assert.Throws<InvalidOperationException>(() => message.SetDeferReasons([("bob@remote.example", "451 later")]));
    }

    [Fact]
    public async Task A_defer_log_of_an_earlier_version_is_listed_until_the_message_has_a_trailer_and_removed_with_the_message()
    {
        var (id, _) = await QueueAsync();
        var (other, _) = await QueueAsync();
        var log = Path.Combine(_spool.DeferLogDirectory, id);
        await File.WriteAllTextAsync(log, "alice@example.test\t451 4.2.2 mailbox full\n");
        var upgraded = new Spool(_folder.Path); // the queue as the new version opens it

        Assert.Equal("451 4.2.2 mailbox full", QueueListing.Find(upgraded, id)!.DeferReasons["alice@example.test"]);
        Assert.Equal("451 4.2.2 mailbox full", QueueListing.Read(upgraded).Single(e => e.QueueId == id).DeferReasons["alice@example.test"]);
        Assert.Empty(QueueListing.Find(upgraded, other)!.DeferReasons);

        using (var message = upgraded.Open(id, QueueState.Incoming))
        {
            Assert.True(message.SetDeferReasons([("alice@example.test", "deferred transport")]));
        }
        Assert.Equal("deferred transport", QueueListing.Find(upgraded, id)!.DeferReasons["alice@example.test"]);

        var manager = new QueueManager(upgraded, [], new QueueManagerOptions(), NullLogger.Instance);
        Assert.Equal(1, manager.Delete(id).Count);
        Assert.False(File.Exists(log));
        Assert.False(File.Exists(PathOf(id)));
        Assert.Empty(Directory.GetFiles(_spool.DeferLogDirectory));
    }
}
