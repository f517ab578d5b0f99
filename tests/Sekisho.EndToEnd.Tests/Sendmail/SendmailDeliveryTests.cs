using Sekisho.EndToEnd.Tests.Cli;
using Sekisho.EndToEnd.Tests.Infrastructure;
using Sekisho.EndToEnd.Tests.Outbound;

namespace Sekisho.EndToEnd.Tests.Sendmail;

/// <summary>
/// What web applications and cron do: run sendmail with the message on standard input. PHP's mail() runs
/// <c>sendmail -t -i</c>; cron runs <c>sendmail -f sender -oi recipient</c> (Debian's cron: <c>-FCronDaemon -i -B8BITMIME
/// -oem</c>). The message lands in a local Maildir, or goes out through the relayhost, with a Received: header naming
/// the submitting user and the headers a mail client would have added.
/// </summary>
public sealed class SendmailDeliveryTests
{
    private const string Origin = "myorigin = example.test";

    [Fact]
    public async Task Php_mail_sendmail_t_i_delivers_to_the_to_cc_and_bcc_recipients_without_the_bcc_header()
    {
        await using var server = await TestServer.StartAsync(Origin);
        var (exit, _, stderr) = await SendmailProcess.RunAsync(server.ConfigPath,
            "To: bob@example.test\nBcc: alice\nSubject: php mail()\nX-PHP-Originating-Script: 0:contact.php\n\nHello from PHP.\n.\nA line after a lone dot.\n",
            ["-t", "-i"]);
        Assert.True(exit == 0, stderr);
        foreach (var account in (string[])["bob", "alice"])
        {
            var message = await File.ReadAllTextAsync(Assert.Single(await server.WaitForMessagesAsync(account, 1)));
            Assert.StartsWith("Received: by mx.example.test (Sekisho, from userid ", message);
            Assert.Contains("To: bob@example.test\r\n", message);
            Assert.DoesNotContain("Bcc:", message, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Subject: php mail()\r\n", message);
            Assert.Contains($"From: {Environment.UserName}@example.test\r\n", message);
            Assert.Matches(@"\r\nDate: \w{3}, \d{2} \w{3} \d{4} ", message);
            Assert.Matches(@"\r\nMessage-Id: <[^>]+@mx\.example\.test>\r\n", message);
            Assert.EndsWith("\r\n\r\nHello from PHP.\r\n.\r\nA line after a lone dot.\r\n", message);
        }
        await Poll.LogLineAsync(() => server.LogLines, "pickup: ", "uid=", $"from=<{Environment.UserName}@example.test>, nrcpt=2, proto=local");
    }

    [Fact]
    public async Task Cron_sendmail_f_oi_delivers_with_the_given_sender_and_an_unqualified_recipient()
    {
        await using var server = await TestServer.StartAsync(Origin);
        var (exit, _, stderr) = await SendmailProcess.RunAsync(server.ConfigPath,
            "Subject: Cron <root@mx> /usr/local/bin/backup\nContent-Type: text/plain; charset=UTF-8\n\nbackup done: 42 files\n",
            ["-FCronDaemon", "-i", "-B8BITMIME", "-oem", "-f", "root@example.test", "-oi", "bob"]);
        Assert.True(exit == 0, stderr);
        var message = await File.ReadAllTextAsync(Assert.Single(await server.WaitForMessagesAsync("bob", 1)));
        Assert.Contains("From: CronDaemon <root@example.test>\r\n", message);
        Assert.EndsWith("\r\n\r\nbackup done: 42 files\r\n", message);
        await Poll.LogLineAsync(() => server.LogLines, "pickup: ", "from=<root@example.test>, nrcpt=1, proto=local");
    }

    [Fact]
    public async Task Without_i_a_line_with_a_single_dot_ends_the_message()
    {
        await using var server = await TestServer.StartAsync(Origin);
        var (exit, _, stderr) = await SendmailProcess.RunAsync(server.ConfigPath, "Subject: dot\n\nbefore\n.\nafter\n", ["bob@example.test"]);
        Assert.True(exit == 0, stderr);
        var message = await File.ReadAllTextAsync(Assert.Single(await server.WaitForMessagesAsync("bob", 1)));
        Assert.EndsWith("\r\n\r\nbefore\r\n", message);
    }

    [Fact]
    public async Task Remote_recipients_go_out_through_the_relayhost()
    {
        var sinkPort = FreePort.Next();
        var dumps = Path.Combine(Path.GetTempPath(), "sekisho-sendmail-sink-" + Guid.NewGuid().ToString("N")[..10]);
        await using var sink = await SmtpSinkProcess.StartAsync(sinkPort, dumps, null, [], CancellationToken.None);
        await using var server = await TestServer.StartAsync($"{Origin}\nrelayhost = [127.0.0.1]:{sinkPort}\nsmtp_tls_security_level = none");

        var (exit, _, stderr) = await SendmailProcess.RunAsync(server.ConfigPath,
            "To: Friend <friend@outside.example>\r\nSubject: from php\r\n\r\nout we go\r\n", ["-t", "-i"]);
        Assert.True(exit == 0, stderr);
        var dump = await sink.FirstDumpAsync();
        Assert.Contains($"X-Mail-Args: <{Environment.UserName}@example.test>", dump);
        Assert.Contains("X-Rcpt-Args: <friend@outside.example>", dump);
        Assert.Contains("Received: by mx.example.test (Sekisho, from userid ", dump);
        Assert.Contains("Subject: from php\n", dump);
        await Poll.LogLineAsync(() => server.LogLines, "to=<friend@outside.example>", $"relay=127.0.0.1[127.0.0.1]:{sinkPort}", "status=sent");

        (exit, _, stderr) = await SendmailProcess.RunAsync(server.ConfigPath, "Subject: cron out\n\nreport\n",
            ["-f", "cron@example.test", "-oi", "ops@outside.example"]);
        Assert.True(exit == 0, stderr);
        await Poll.UntilAsync(() => sink.CompleteDumps().Values.Any(d => d.Contains("X-Rcpt-Args: <ops@outside.example>") && d.Contains("X-Mail-Args: <cron@example.test>")),
            "the cron message at the relayhost");
    }

    [Fact]
    public async Task An_unknown_local_recipient_is_returned_to_the_sender()
    {
        await using var server = await TestServer.StartAsync(Origin);
        var (exit, _, stderr) = await SendmailProcess.RunAsync(server.ConfigPath, "Subject: to nobody\n\ntext\n",
            ["-f", "alice@example.test", "-oi", "nosuch@example.test"]);
        Assert.True(exit == 0, stderr);
        var bounce = await File.ReadAllTextAsync(Assert.Single(await server.WaitForMessagesAsync("alice", 1)));
        Assert.Contains("nosuch@example.test", bounce);
        Assert.Contains("User unknown", bounce);
        await Poll.LogLineAsync(() => server.LogLines, "to=<nosuch@example.test>, relay=none", "status=bounced (5.1.1 ");
    }

    [Fact]
    public async Task Run_as_sendmail_mailq_and_newaliases_through_symlinks()
    {
        await using var server = await TestServer.StartAsync(Origin, aliases: "postmaster: alice\nwebmaster: bob\n");
        using var bin = new TempDirectory();
        foreach (var name in (string[])["sendmail", "mailq", "newaliases"])
        {
            File.CreateSymbolicLink(bin[name], SekishoProcess.Executable);
        }

        var (exit, _, stderr) = await SendmailProcess.RunAsync(server.ConfigPath, "Subject: via symlink\n\nhi\n", ["-oi", "bob@example.test"], program: bin["sendmail"]);
        Assert.True(exit == 0, stderr);
        await server.WaitForMessagesAsync("bob", 1);

        var (mailqExit, mailq, mailqErr) = await SendmailProcess.RunAsync(server.ConfigPath, null, [], program: bin["mailq"]);
        Assert.True(mailqExit == 0, mailqErr);
        Assert.Equal("Mail queue is empty\n", mailq);

        var (aliasesExit, aliases, aliasesErr) = await SendmailProcess.RunAsync(server.ConfigPath, null, [], program: bin["newaliases"]);
        Assert.True(aliasesExit == 0, aliasesErr);
        Assert.Equal($"newaliases: {server.AliasesPath}.db: 2 aliases\n", aliases);

        (exit, _, stderr) = await SendmailProcess.RunAsync(server.ConfigPath, "Subject: to an alias\n\nhi\n", ["-oi", "webmaster"], program: bin["sendmail"]);
        Assert.True(exit == 0, stderr);
        await server.WaitForMessagesAsync("bob", 2);
    }

    [Fact]
    public async Task Mail_submitted_while_the_server_is_down_is_delivered_once_it_starts()
    {
        await using var site = await ServedSite.CreateAsync("bob");
        var (exit, _, stderr) = await SendmailProcess.RunAsync(site.ConfigPath, "Subject: while down\n\nwaiting\n", ["-oi", "bob@example.test"]);
        Assert.True(exit == 0, stderr);
        var queue = Path.Combine(site.Directory.Path, "data", "queue");
        var name = Path.GetFileName(Assert.Single(SendmailProcess.MaildropFiles(queue)));
        var (mailqExit, mailq, mailqErr) = await SendmailProcess.RunAsync(site.ConfigPath, null, ["-bp"]);
        Assert.True(mailqExit == 0, mailqErr);
        Assert.Matches($@"^-Queue ID-\s+--Size-- ---Arrival Time---- -Sender/Recipient-------\n{name}\s+\d+ \w{{3}} \w{{3}} [ \d]\d \d\d:\d\d:\d\d  {Environment.UserName}@mx\.example\.test\n"
            + @"\(waiting to be picked up by the server\)\n\s+bob@example\.test\n\n-- 1 Kbytes in 1 Request\.\n$", mailq);

        await site.StartServerAsync();
        await site.WaitForMessagesAsync("bob", 1);
        Assert.Equal(["while down"], site.SubjectsOf("bob"));
        Assert.Empty(SendmailProcess.MaildropFiles(queue));
    }
}
