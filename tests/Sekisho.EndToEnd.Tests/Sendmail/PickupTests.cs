using System.Diagnostics;
using Sekisho.EndToEnd.Tests.Infrastructure;
using Sekisho.EndToEnd.Tests.Outbound;
using Sekisho.Queue.Pickup;

namespace Sekisho.EndToEnd.Tests.Sendmail;

/// <summary>
/// The server's side of local submission. Anyone on the host can write into the maildrop folder without the sendmail
/// command, so the pickup trusts nothing in a file: the submitter is the file's owner (checked against
/// authorized_submit_users again), only a plain file of one link is read, and a file that does not parse is dropped.
/// Each refused file is logged and removed, and nothing of it is delivered.
/// </summary>
public sealed class PickupTests
{
    private const string Envelope = "sekisho-maildrop 1\nsender mallory@example.test\nrecipient % bob@example.test\n\n";

    [Fact]
    public async Task A_file_a_refused_user_wrote_by_hand_is_removed_not_delivered()
    {
        if (!SendmailProcess.CanSwitchUser)
        {
            return;
        }
        await using var server = await TestServer.StartAsync("authorized_submit_users = !nobody, static:anyone");
        var path = await DropAsync(server, Envelope + "Subject: forged\r\n\r\nbody\r\n", owner: SendmailProcess.Nobody);
        await Poll.LogLineAsync(() => server.LogLines, "uid=65534: user nobody is not allowed to submit mail (authorized_submit_users); removed");
        Assert.False(File.Exists(path));
        Assert.Empty(server.MessagesOf("bob"));
    }

    [Fact]
    public async Task An_allowed_users_file_is_recorded_under_its_owner_whatever_it_claims()
    {
        if (!SendmailProcess.CanSwitchUser)
        {
            return;
        }
        await using var server = await TestServer.StartAsync();
        await DropAsync(server, Envelope + "Received: by mx.example.test (Sekisho, from userid 0)\r\nSubject: claims root\r\n\r\nbody\r\n", owner: SendmailProcess.Nobody);
        var message = await File.ReadAllTextAsync(Assert.Single(await server.WaitForMessagesAsync("bob", 1)));
        Assert.StartsWith("Received: by mx.example.test (Sekisho, from userid 65534)\r\n", message);
        await Poll.LogLineAsync(() => server.LogLines, "uid=65534 from=<mallory@example.test>, nrcpt=1, proto=local", "user nobody");
    }

    [Fact]
    public async Task Free_text_fields_cannot_forge_log_lines_or_headers()
    {
        await using var server = await TestServer.StartAsync();
        await DropAsync(server, "sekisho-maildrop 1\nsender mallory@example.test\nrecipient % bob@example.test\n"
            + "protocol ESMTP%0Aqmgr:%20FORGED\nhelo evil%0D%0AX-Injected:%20yes\nenvid %0Afake\n\nSubject: fields\r\n\r\nbody\r\n");
        var message = await File.ReadAllTextAsync(Assert.Single(await server.WaitForMessagesAsync("bob", 1)));
        Assert.StartsWith("Received: by mx.example.test (Sekisho, from userid ", message);
        Assert.DoesNotContain("Injected", message);
        Assert.DoesNotContain(server.LogLines, line => line.Contains("FORGED") || line.Contains("fake"));
        await Poll.LogLineAsync(() => server.LogLines, "from=<mallory@example.test>, nrcpt=1, proto=local");
    }

    [Fact]
    public async Task A_symbolic_link_into_the_folder_is_removed_and_what_it_points_to_is_not_read()
    {
        await using var server = await TestServer.StartAsync();
        var target = Path.Combine(server.Root, "secret");
        await File.WriteAllTextAsync(target, Envelope + "Subject: secret\r\n\r\nroot's secret\r\n");
        var link = Path.Combine(server.QueueDirectory, MaildropFolder.Name, MaildropFolder.NewFileName());
        File.CreateSymbolicLink(link, target);
        MaildropFolder.Wake(server.QueueDirectory);
        await Poll.LogLineAsync(() => server.LogLines, "not a regular file of one link; removed");
        Assert.False(File.Exists(link) || Directory.Exists(link));
        Assert.True(File.Exists(target));
        Assert.Empty(server.MessagesOf("bob"));
    }

    [Fact]
    public async Task A_hard_link_is_removed_too()
    {
        await using var server = await TestServer.StartAsync();
        var target = Path.Combine(server.Root, "linked");
        await File.WriteAllTextAsync(target, Envelope + "Subject: linked\r\n\r\nbody\r\n");
        var link = Path.Combine(server.QueueDirectory, MaildropFolder.Name, MaildropFolder.NewFileName());
        using (var ln = Process.Start("ln", [target, link])!)
        {
            await ln.WaitForExitAsync();
            Assert.Equal(0, ln.ExitCode);
        }
        MaildropFolder.Wake(server.QueueDirectory);
        await Poll.LogLineAsync(() => server.LogLines, "not a regular file of one link; removed");
        Assert.Empty(server.MessagesOf("bob"));
    }

    [Fact]
    public async Task A_fifo_is_removed_without_the_pickup_waiting_on_it()
    {
        await using var server = await TestServer.StartAsync();
        var fifo = Path.Combine(server.QueueDirectory, MaildropFolder.Name, MaildropFolder.NewFileName());
        using (var mkfifo = Process.Start("mkfifo", [fifo])!)
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        MaildropFolder.Wake(server.QueueDirectory);
        await Poll.LogLineAsync(() => server.LogLines, "not a regular file of one link; removed");
        await DropAsync(server, Envelope + "Subject: after the fifo\r\n\r\nbody\r\n");
        Assert.Single(await server.WaitForMessagesAsync("bob", 1));
    }

    [Theory]
    [InlineData("Subject: not a maildrop file\r\n\r\nbody\r\n", "corrupt file: not a maildrop file; removed")]
    [InlineData("sekisho-maildrop 1\nsender mallory@example.test\n\nbody\r\n", "corrupt file: no recipients; removed")]
    [InlineData("sekisho-maildrop 1\nsender <mallory>\nrecipient % bob@example.test\n\nbody\r\n", "bad sender address <<mallory>>; removed")]
    [InlineData("sekisho-maildrop 1\nsender a@b\nrecipient % bob@@example.test\n\nbody\r\n", "bad recipient address <bob@@example.test>; removed")]
    [InlineData("sekisho-maildrop 1\nsender a%0Aqmgr:%20FORGED@b\nrecipient % bob@example.test\n\nbody\r\n", "bad sender address <a?qmgr: FORGED@b>; removed")]
    public async Task A_file_that_does_not_parse_is_removed(string content, string logged)
    {
        await using var server = await TestServer.StartAsync();
        var path = await DropAsync(server, content);
        await Poll.LogLineAsync(() => server.LogLines, logged);
        Assert.False(File.Exists(path));
        Assert.Empty(server.MessagesOf("bob"));
        Assert.Equal(0, server.QueuedCount());
    }

    [Fact]
    public async Task Bare_line_ends_and_a_missing_last_line_end_are_made_crlf()
    {
        await using var server = await TestServer.StartAsync();
        await DropAsync(server, Envelope + "Subject: lf\n\nline one\nline two\rline three");
        var message = await File.ReadAllTextAsync(Assert.Single(await server.WaitForMessagesAsync("bob", 1)));
        Assert.EndsWith("\r\nSubject: lf\r\n\r\nline one\r\nline two\r\nline three", message.TrimEnd('\r', '\n'));
        Assert.DoesNotContain("\n", message.Replace("\r\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Message_size_limit_counts_the_content_as_sendmail_wrote_it()
    {
        await using var server = await TestServer.StartAsync("message_size_limit = 2000");
        var header = "Subject: exactly\r\n\r\n";
        var fits = header + new string('x', 2000 - header.Length - 2) + "\r\n";
        Assert.Equal(2000, fits.Length);
        await DropAsync(server, Envelope + fits);
        var message = await File.ReadAllTextAsync(Assert.Single(await server.WaitForMessagesAsync("bob", 1)));
        Assert.EndsWith(fits, message);

        var path = await DropAsync(server, Envelope + fits.Replace("exactly", "exactly!", StringComparison.Ordinal));
        await Poll.LogLineAsync(() => server.LogLines, "message file too big (message_size_limit); removed");
        Assert.False(File.Exists(path));
        Assert.Single(server.MessagesOf("bob"));
    }

    /// <summary>Writes a file into the maildrop folder as the sendmail command would (written aside, then renamed), owned by <paramref name="owner"/>.</summary>
    private static async Task<string> DropAsync(TestServer server, string content, string? owner = null)
    {
        var folder = Path.Combine(server.QueueDirectory, MaildropFolder.Name);
        var name = MaildropFolder.NewFileName();
        var temporary = Path.Combine(folder, "." + name);
        await File.WriteAllTextAsync(temporary, content);
        if (owner is not null)
        {
            using var chown = Process.Start("chown", [owner, temporary])!;
            await chown.WaitForExitAsync();
            Assert.Equal(0, chown.ExitCode);
        }
        var path = Path.Combine(folder, name);
        File.Move(temporary, path);
        MaildropFolder.Wake(server.QueueDirectory);
        return path;
    }
}
