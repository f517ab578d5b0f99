using System.Text.RegularExpressions;

namespace Sekisho.EndToEnd.Tests.Sendmail;

/// <summary>
/// <c>sekisho sendmail -bs</c>: an SMTP dialogue on standard input and output, as Postfix's stand-alone mode, whose
/// messages land in the maildrop folder. No server runs here: the maildrop file is what is checked.
/// </summary>
public sealed partial class SendmailSmtpModeTests
{
    [Fact]
    public async Task Swaks_submits_a_message_through_a_pipe()
    {
        using var site = new SmtpModeSite();

        var (exitCode, transcript) = await site.RunSwaksAsync(
            "--from", "alice@example.test", "--to", "bob@example.org", "--header", "Subject: bs test", "--body", "hello");

        Assert.True(exitCode == 0, transcript);
        Assert.Contains("<-  250 2.0.0 Ok: queued as ", transcript, StringComparison.Ordinal);
        var file = Assert.Single(site.MaildropFiles());
        Assert.Matches(MaildropName(), Path.GetFileName(file));
        var text = await File.ReadAllTextAsync(file);
        var (envelope, content) = Split(text);
        Assert.Equal("sekisho-maildrop 1", envelope[0]);
        Assert.Contains("sender alice@example.test", envelope);
        Assert.Single(envelope, line => line.StartsWith("recipient ", StringComparison.Ordinal) && line.EndsWith(" bob@example.org", StringComparison.Ordinal));
        Assert.Contains("protocol ESMTP", envelope);
        Assert.Contains("Subject: bs test\r\n", content, StringComparison.Ordinal);
        Assert.Single(HeaderLines(content), line => line.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase));
        Assert.Single(HeaderLines(content), line => line.StartsWith("Date:", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("\r\n\r\nhello\r\n", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pipelined_dialogue_gets_its_replies_in_order_and_submits_two_messages()
    {
        using var site = new SmtpModeSite();
        const string Transcript =
            "EHLO client.example.test\r\n" +
            "MAIL FROM:<alice@example.test> BODY=8BITMIME RET=HDRS ENVID=QQ314159\r\n" +
            "RCPT TO:<bob@example.org> NOTIFY=SUCCESS,FAILURE\r\n" +
            "RCPT TO:<carol@example.org>\r\n" +
            "DATA\r\n" +
            "Subject: first\r\n" +
            "\r\n" +
            "..x\r\n" +
            "...\r\n" +
            "last line\r\n" +
            ".\r\n" +
            "MAIL FROM:<>\r\n" +
            "RCPT TO:<dave@example.org>\r\n" +
            "DATA\r\n" +
            "Subject: second\n" + // bare LF ends a line here: the client is a local user
            "\n" +
            "body\n" +
            ".\n" +
            "RSET\r\n" +
            "BOGUS command\r\n" +
            "NOOP\r\n" +
            "VRFY bob\r\n" +
            "QUIT\r\n";

        var (exitCode, stdout, stderr) = await site.RunAsync(Transcript);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(
            ["220", "250", "250 2.1.0", "250 2.1.5", "250 2.1.5", "354", "250 2.0.0",
             "250 2.1.0", "250 2.1.5", "354", "250 2.0.0",
             "250 2.0.0", "500 5.5.2", "250 2.0.0", "252 2.0.0", "221 2.0.0"],
            SmtpModeSite.Codes(stdout));
        Assert.StartsWith("220 mail.example.test ESMTP ", stdout, StringComparison.Ordinal);
        Assert.Contains("250-PIPELINING\r\n250-SIZE 10240000\r\n", stdout, StringComparison.Ordinal);
        Assert.Contains("250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250 DSN\r\n", stdout, StringComparison.Ordinal);
        var files = site.MaildropFiles();
        Assert.Equal(2, files.Length);
        var queued = Regex.Matches(stdout, @"250 2\.0\.0 Ok: queued as (\S+)\r\n").Select(m => m.Groups[1].Value);
        Assert.Equal(files.Select(f => Path.GetFileName(f)), queued);

        var (envelope, content) = Split(await File.ReadAllTextAsync(files[0]));
        Assert.Equal(
            ["sekisho-maildrop 1", "sender alice@example.test", "recipient SUCCESS,FAILURE bob@example.org", "recipient % carol@example.org",
             "ret HDRS", "envid QQ314159", "protocol ESMTP", "helo client.example.test", "body 8BITMIME"],
            envelope);
        Assert.EndsWith("\r\n\r\n.x\r\n..\r\nlast line\r\n", content, StringComparison.Ordinal);
        Assert.Contains("Subject: first\r\n", content, StringComparison.Ordinal);
        Assert.Contains("From: alice@example.test\r\n", content, StringComparison.Ordinal);
        Assert.Single(HeaderLines(content), line => line.StartsWith("Message-ID: <", StringComparison.OrdinalIgnoreCase));
        Assert.Single(HeaderLines(content), line => line.StartsWith("Date: ", StringComparison.OrdinalIgnoreCase));

        (envelope, content) = Split(await File.ReadAllTextAsync(files[1]));
        Assert.Contains("sender %", envelope); // the null sender
        Assert.Contains("recipient % dave@example.org", envelope);
        Assert.StartsWith("Subject: second\r\n", content, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nbody\r\n", content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MAIL FROM:<alice@example.test>\r\n", new[] { "503 5.5.1" })]
    [InlineData("EHLO x\r\nRCPT TO:<bob@example.org>\r\n", new[] { "250", "503 5.5.1" })]
    [InlineData("EHLO x\r\nMAIL FROM:<alice@example.test>\r\nDATA\r\n", new[] { "250", "250 2.1.0", "503 5.5.1" })]
    [InlineData("EHLO x\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example..org>\r\nDATA\r\n", new[] { "250", "250 2.1.0", "501 5.1.3", "503 5.5.1" })]
    [InlineData("EHLO x\r\nMAIL FROM:<alice@example.test> SIZE=10240001\r\nRCPT TO:<bob@example.org>\r\n", new[] { "250", "552 5.3.4", "503 5.5.1" })]
    [InlineData("EHLO x\r\nSTARTTLS\r\nAUTH PLAIN AGFsaWNlAHNlY3JldA==\r\nBDAT 3 LAST\r\n", new[] { "250", "502 5.5.1", "502 5.5.1", "502 5.5.1" })]
    [InlineData("HELO x\r\nMAIL FROM:<alice@example.test> BODY=8BITMIME\r\n", new[] { "250", "555 5.5.4" })]
    public async Task Refusals_have_the_expected_codes_and_write_nothing(string commands, string[] codes)
    {
        using var site = new SmtpModeSite();

        var (exitCode, stdout, stderr) = await site.RunAsync(commands + "QUIT\r\n");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["220", .. codes, "221 2.0.0"], SmtpModeSite.Codes(stdout));
        Assert.Empty(site.MaildropFiles());
    }

    [Fact]
    public async Task Content_over_message_size_limit_gets_552_and_the_dialogue_goes_on()
    {
        using var site = new SmtpModeSite("message_size_limit = 1000\n");
        var body = string.Concat(Enumerable.Repeat(new string('x', 70) + "\r\n", 30));

        var (exitCode, stdout, stderr) = await site.RunAsync(
            "EHLO x\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\nSubject: big\r\n\r\n" + body + ".\r\nNOOP\r\nQUIT\r\n");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["220", "250", "250 2.1.0", "250 2.1.5", "354", "552 5.3.4", "250 2.0.0", "221 2.0.0"], SmtpModeSite.Codes(stdout));
        Assert.Contains("250-SIZE 1000\r\n", stdout, StringComparison.Ordinal);
        Assert.Empty(site.MaildropFiles());
    }

    [Fact]
    public async Task Unqualified_addresses_get_myorigin()
    {
        using var site = new SmtpModeSite();

        var (exitCode, stdout, stderr) = await site.RunAsync(
            "HELO x\r\nMAIL FROM:<alice>\r\nRCPT TO:<root>\r\nDATA\r\nSubject: to root\r\n\r\nhi\r\n.\r\nQUIT\r\n");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["220", "250", "250 2.1.0", "250 2.1.5", "354", "250 2.0.0", "221 2.0.0"], SmtpModeSite.Codes(stdout));
        var (envelope, _) = Split(await File.ReadAllTextAsync(Assert.Single(site.MaildropFiles())));
        Assert.Contains("sender alice@example.test", envelope);
        Assert.Contains("recipient % root@example.test", envelope);
        Assert.Contains("protocol SMTP", envelope);
    }

    [Fact]
    public async Task Input_ending_inside_DATA_submits_nothing()
    {
        using var site = new SmtpModeSite();

        var (exitCode, stdout, stderr) = await site.RunAsync(
            "EHLO x\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\nSubject: cut off\r\n\r\nno end");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["220", "250", "250 2.1.0", "250 2.1.5", "354"], SmtpModeSite.Codes(stdout));
        Assert.Empty(site.MaildropFiles());
    }

    [Fact]
    public async Task Too_many_errors_end_the_dialogue_with_421()
    {
        using var site = new SmtpModeSite("smtpd_hard_error_limit = 3\n");

        var (exitCode, stdout, stderr) = await site.RunAsync(
            "EHLO x\r\nBOGUS\r\nRCPT TO:<bob@example.org>\r\n" + new string('a', 3000) + "\r\nNOOP\r\n");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["220", "250", "500 5.5.2", "503 5.5.1", "500 5.5.2", "421 4.7.0"], SmtpModeSite.Codes(stdout));
        Assert.Contains("500 5.5.2 Error: line too long\r\n", stdout, StringComparison.Ordinal);
    }

    /// <summary>A maildrop file: the envelope lines (up to the blank line) and the content after it.</summary>
    private static (string[] Envelope, string Content) Split(string file)
    {
        var end = file.IndexOf("\n\n", StringComparison.Ordinal);
        Assert.True(end > 0, file);
        return (file[..end].Split('\n'), file[(end + 2)..]);
    }

    /// <summary>The header lines of the content (up to its first empty line).</summary>
    private static string[] HeaderLines(string content)
    {
        var end = content.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (end < 0 ? content : content[..end]).Split("\r\n");
    }

    [GeneratedRegex(@"^[0-9A-F]{12}\.[0-9A-F]{16}$")]
    private static partial Regex MaildropName();
}
