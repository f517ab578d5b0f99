using System.Text;
using Sekisho.Queue.Pickup;

namespace Sekisho.Queue.Tests.Pickup;

/// <summary>
/// The maildrop file: what the sendmail command writes and the server's pickup reads. Anyone on the host can write
/// one, so the reader is strict: anything but the exact format is refused with a reason.
/// </summary>
public sealed class MaildropFormatTests
{
    private static readonly MaildropEnvelope Sample = new()
    {
        Sender = "cron@example.test",
        Recipients = [new MaildropRecipient("bob@example.test"), new MaildropRecipient("\"a b\"@example.org", DsnNotify.Success | DsnNotify.Failure)],
        Return = DsnReturn.Headers,
        EnvelopeId = "QQ 314159",
        Protocol = "ESMTP",
        Helo = "client.example",
        BodyType = "8BITMIME",
    };

    [Fact]
    public void An_envelope_reads_back_as_written_and_leaves_the_stream_at_the_content()
    {
        using var stream = new MemoryStream([.. MaildropFormat.WriteEnvelope(Sample), .. "Subject: hi\r\n\r\nbody\r\n"u8]);
        Assert.True(MaildropFormat.TryReadEnvelope(stream, out var envelope, out var error), error);
        Assert.Equal(Sample.Sender, envelope.Sender);
        Assert.Equal(Sample.Recipients, envelope.Recipients);
        Assert.Equal(Sample with { Recipients = envelope.Recipients }, envelope);
        Assert.Equal("Subject: hi\r\n\r\nbody\r\n", new StreamReader(stream).ReadToEnd());
    }

    [Fact]
    public void The_null_sender_and_defaults_read_back()
    {
        var plain = new MaildropEnvelope { Sender = "", Recipients = [new MaildropRecipient("root@example.test")] };
        using var stream = new MemoryStream(MaildropFormat.WriteEnvelope(plain));
        Assert.True(MaildropFormat.TryReadEnvelope(stream, out var envelope, out _));
        Assert.Equal(plain with { Recipients = envelope.Recipients }, envelope);
        Assert.Equal(stream.Length, stream.Position);
    }

    [Theory]
    [InlineData("", "not a maildrop file")]
    [InlineData("Subject: not a maildrop file\n\nbody\n", "not a maildrop file")]
    [InlineData("sekisho-maildrop 2\nsender a@b\nrecipient % c@d\n\n", "not a maildrop file")]
    [InlineData("sekisho-maildrop 1\nsender a@b\nrecipient % c@d\n", "no end of envelope")]
    [InlineData("sekisho-maildrop 1\nrecipient % c@d\n\n", "no sender")]
    [InlineData("sekisho-maildrop 1\nsender a@b\n\n", "no recipients")]
    [InlineData("sekisho-maildrop 1\nsender a@b\nsender e@f\nrecipient % c@d\n\n", "bad envelope line 3")]
    [InlineData("sekisho-maildrop 1\nsender a@b\nrecipient % %\n\n", "bad envelope line 3")]
    [InlineData("sekisho-maildrop 1\nsender a@b\nrecipient BOGUS c@d\n\n", "bad envelope line 3")]
    [InlineData("sekisho-maildrop 1\nsender a@b\nrecipient NEVER,DELAY c@d\n\n", "bad envelope line 3")]
    [InlineData("sekisho-maildrop 1\nsender a@b\nrecipient % c@d extra\n\n", "bad envelope line 3")]
    [InlineData("sekisho-maildrop 1\nsender a@b\nrecipient % c@d\nuid 0\n\n", "bad envelope line 4")]
    [InlineData("sekisho-maildrop 1\nsender a@b\nrecipient % c@d\nret SOME\n\n", "bad ret")]
    [InlineData("sekisho-maildrop 1\nsender a@b\nrecipient % c@%ZZ\n\n", "bad envelope line 3")]
    [InlineData("sekisho-maildrop 1\r\nsender a@b\r\nrecipient % c@d\r\n\r\n", "not a maildrop file")]
    public void Anything_else_is_refused_with_a_reason(string text, string expected)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        Assert.False(MaildropFormat.TryReadEnvelope(stream, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void An_endless_envelope_is_refused_after_a_megabyte()
    {
        var text = "sekisho-maildrop 1\nsender a@b\n" + string.Concat(Enumerable.Repeat("recipient % c@d\n", 100_000));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        Assert.False(MaildropFormat.TryReadEnvelope(stream, out _, out var error));
        Assert.Equal("envelope too large", error);
    }

    [Fact]
    public async Task A_writer_leaves_nothing_visible_until_it_commits_and_nothing_at_all_when_abandoned()
    {
        using var folder = new TempFolder();
        string committed;
        await using (var writer = await MaildropWriter.CreateAsync(folder.Path, Sample, CancellationToken.None))
        {
            await writer.AppendAsync("Subject: hi\r\n\r\nbody\r\n"u8.ToArray(), CancellationToken.None);
            Assert.DoesNotContain(Directory.GetFiles(folder.Path).Select(Path.GetFileName), n => MaildropFolder.IsFileName(n!));
            await writer.CommitAsync(CancellationToken.None);
            committed = writer.Name;
        }
        Assert.True(MaildropFolder.IsFileName(committed));
        Assert.Equal([committed], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                File.GetUnixFileMode(Path.Combine(folder.Path, committed)));
        }

        await using (var abandoned = await MaildropWriter.CreateAsync(folder.Path, Sample, CancellationToken.None))
        {
            await abandoned.AppendAsync("Subject: never\r\n"u8.ToArray(), CancellationToken.None);
        }
        Assert.Equal([committed], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void The_folder_is_writable_by_anyone_listable_by_no_one_else_and_sticky()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        using var folder = new TempFolder();
        var queue = Path.Combine(folder.Path, "queue");
        Directory.CreateDirectory(queue);
        File.SetUnixFileMode(queue, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var maildrop = MaildropFolder.Prepare(queue);
        Assert.Equal(Path.Combine(queue, "maildrop"), maildrop);
        Assert.Equal("rwx-wx-wt", Mode(maildrop));
        Assert.Equal("rwx--x--x", Mode(queue)); // others may pass through to maildrop, not list the queue
    }

    [Theory]
    [InlineData("01A2337BA818.2623563DDD272D0E", true)]
    [InlineData(".01A2337BA818.2623563DDD272D0E", false)]
    [InlineData("01a2337ba818.2623563ddd272d0e", false)]
    [InlineData("01A2337BA818.2623563DDD272D0", false)]
    [InlineData("01A2337BA818-2623563DDD272D0E", false)]
    [InlineData("661991B6BFC63", false)]
    public void File_names_are_time_then_random_hex(string name, bool valid)
    {
        Assert.Equal(valid, MaildropFolder.IsFileName(name));
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string Mode(string path)
    {
        var mode = File.GetUnixFileMode(path);
        var text = new StringBuilder(9);
        text.Append(mode.HasFlag(UnixFileMode.UserRead) ? 'r' : '-').Append(mode.HasFlag(UnixFileMode.UserWrite) ? 'w' : '-')
            .Append(mode.HasFlag(UnixFileMode.UserExecute) ? 'x' : '-');
        text.Append(mode.HasFlag(UnixFileMode.GroupRead) ? 'r' : '-').Append(mode.HasFlag(UnixFileMode.GroupWrite) ? 'w' : '-')
            .Append(mode.HasFlag(UnixFileMode.GroupExecute) ? 'x' : '-');
        text.Append(mode.HasFlag(UnixFileMode.OtherRead) ? 'r' : '-').Append(mode.HasFlag(UnixFileMode.OtherWrite) ? 'w' : '-')
            .Append(mode.HasFlag(UnixFileMode.StickyBit) ? 't' : mode.HasFlag(UnixFileMode.OtherExecute) ? 'x' : '-');
        return text.ToString();
    }
}
