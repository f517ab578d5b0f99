using System.Globalization;
using System.Runtime.Versioning;
using Sekisho.Delivery.Mbox;
using Sekisho.Delivery.Unix;

namespace Sekisho.Queue.Tests.Delivery;

/// <summary>The <c>file</c> transport with real files: mbox format, appends, locking, and what root may write.</summary>
[SupportedOSPlatform("linux")]
public sealed class FileTransportTests : IDisposable
{
    private const UnixFileMode EveryoneMayWrite = (UnixFileMode)0b110_110_110;

    private readonly TransportHarness _harness = new();
    private readonly FileTransport _transport = new("nobody");

    public void Dispose() => _harness.Dispose();

    private static QueueRecipient FileRecipient(string path) => new("archive@example.test", "archive@example.test", "file", path);

    private string Mailbox(string name = "archive.mbox", UnixFileMode mode = EveryoneMayWrite)
    {
        var path = Path.Combine(_harness.Output, name);
        File.WriteAllBytes(path, []);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public async Task Messages_are_appended_in_mbox_format()
    {
        var path = Mailbox();
        var arrival = SpoolTests.Envelope().ArrivalTime.ToLocalTime();
        var date = $"{arrival.ToString("ddd MMM", CultureInfo.InvariantCulture)} {arrival.Day,2} {arrival.ToString("HH:mm:ss yyyy", CultureInfo.InvariantCulture)}";

        var first = await _harness.DeliverAsync(_transport, "Subject: one\r\n\r\nFrom the start\r\n>From quoted\r\nFromage\r\n bare\rCR\r\n", "alice@example.org", FileRecipient(path));
        var second = await _harness.DeliverAsync(_transport, "Subject: two\r\n\r\nno final newline", "", FileRecipient(path));

        Assert.Equal(("local", "delivered to file: " + path), (first[0].Relay, first[0].Detail));
        Assert.Equal([RecipientStatus.Sent, RecipientStatus.Sent], first.Concat(second).Select(r => r.Status));
        Assert.Equal(
            $"From alice@example.org {date}\nSubject: one\n\n>From the start\n>From quoted\nFromage\n bare\rCR\n\n" +
            $"From MAILER-DAEMON {date}\nSubject: two\n\nno final newline\n\n",
            await File.ReadAllTextAsync(path));
    }

    [Theory]
    [InlineData(2024, 1, 2, 15, 4, 5, "From a@b Tue Jan  2 15:04:05 2024")]
    [InlineData(2025, 12, 31, 0, 0, 0, "From a@b Wed Dec 31 00:00:00 2025")]
    public void The_separator_line_uses_asctime(int year, int month, int day, int hour, int minute, int second, string expected)
    {
        Assert.Equal(expected, MboxWriter.FromLine("a@b", new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("relative/archive.mbox", RecipientStatus.Bounced, "cannot deliver to file relative/archive.mbox: not an absolute path")]
    [InlineData("OUT", RecipientStatus.Bounced, "cannot deliver to file OUT: is a directory")]
    [InlineData("/dev/null", RecipientStatus.Sent, "delivered to file: /dev/null")]
    public async Task Bad_paths_bounce(string path, RecipientStatus status, string detail)
    {
        path = path.Replace("OUT", _harness.Output, StringComparison.Ordinal);
        detail = detail.Replace("OUT", _harness.Output, StringComparison.Ordinal);

        var result = Assert.Single(await _harness.DeliverAsync(_transport, "Subject: x\r\n\r\nx\r\n", "s@example.org", FileRecipient(path)));

        Assert.Equal((status, detail), (result.Status, result.Detail));
    }

    [Fact]
    public async Task A_missing_file_is_created_by_an_ordinary_user_and_refused_to_root()
    {
        var path = Path.Combine(_harness.Output, "new.mbox");

        var result = Assert.Single(await _harness.DeliverAsync(_transport, "Subject: x\r\n\r\nx\r\n", "s@example.org", FileRecipient(path)));

        if (ProcessUser.IsRoot)
        {
            Assert.Equal(RecipientStatus.Pending, result.Status);
            Assert.Equal($"cannot deliver to file {path}: {path} does not exist (running as root, Sekisho only appends to existing files that nobody may write)", result.Detail);
            Assert.False(File.Exists(path));
        }
        else
        {
            Assert.Equal(RecipientStatus.Sent, result.Status);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Theory]
    [InlineData("symlink", "is a symbolic link (refused when running as root)")]
    [InlineData("hardlink", "has 2 hard links (refused when running as root)")]
    [InlineData("not-writable", "is not writable by default_privs user nobody (refused when running as root)")]
    public async Task Root_only_appends_to_plain_files_nobody_may_write(string kind, string problem)
    {
        var target = Mailbox("target.mbox", kind == "not-writable" ? (UnixFileMode)0b110_100_100 : EveryoneMayWrite);
        var path = target;
        if (kind == "symlink")
        {
            path = Path.Combine(_harness.Output, "link.mbox");
            File.CreateSymbolicLink(path, target);
        }
        else if (kind == "hardlink")
        {
            path = Path.Combine(_harness.Output, "hard.mbox");
            Assert.Equal(0, await RunAsync("ln", target, path));
        }

        var result = Assert.Single(await _harness.DeliverAsync(_transport, "Subject: x\r\n\r\nx\r\n", "s@example.org", FileRecipient(path)));

        if (ProcessUser.IsRoot)
        {
            Assert.Equal((RecipientStatus.Pending, $"cannot deliver to file {path}: {path} {problem}"), (result.Status, result.Detail));
            Assert.Equal(0, new FileInfo(target).Length);
        }
        else
        {
            Assert.Equal(RecipientStatus.Sent, result.Status); // an ordinary user writes with its own rights
        }
    }

    [Fact]
    public async Task A_locked_mailbox_is_waited_for()
    {
        var path = Mailbox();
        var holder = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
        var delivery = _harness.DeliverAsync(_transport, "Subject: x\r\n\r\nx\r\n", "s@example.org", FileRecipient(path));
        await Task.Delay(300);
        Assert.False(delivery.IsCompleted);
        await holder.DisposeAsync();

        Assert.Equal(RecipientStatus.Sent, Assert.Single(await delivery).Status);
    }

    [Fact]
    public async Task A_mailbox_locked_too_long_is_deferred()
    {
        var path = Mailbox();
        await using var holder = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);

        var result = Assert.Single(await _harness.DeliverAsync(new FileTransport("nobody", TimeSpan.FromMilliseconds(300)), "x\r\n", "s@example.org", FileRecipient(path)));

        Assert.Equal(RecipientStatus.Pending, result.Status);
        Assert.StartsWith($"cannot append message to file {path}: ", result.Detail);
    }

    private static async Task<int> RunAsync(string program, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(program, arguments);
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
