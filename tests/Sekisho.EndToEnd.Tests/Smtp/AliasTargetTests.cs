using System.Runtime.Versioning;
using System.Text;
using System.Text.RegularExpressions;
using Sekisho.Accounts.Aliases;
using Sekisho.EndToEnd.Tests.Cli;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary>
/// aliases(5) <c>|command</c> and <c>/file</c> targets through a real server: refused with a warning by default
/// (the alias is then unknown: 550 5.1.1), delivered when <c>allow_mail_to_commands</c> /
/// <c>allow_mail_to_files</c> list <c>alias</c>. The tests run as root in CI, so commands run as
/// <c>default_privs</c> (nobody) and write into a folder everyone may write to.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class AliasTargetTests : IDisposable
{
    private const string QueuedPrefix = "250 2.0.0 Ok: queued as ";
    private const string Body = "From: carol@elsewhere.example\r\nSubject: ticket\r\n\r\nFrom the desk of carol\r\n..dot line\r\n";

    private readonly TempDirectory _out = new();

    public AliasTargetTests() => File.SetUnixFileMode(_out.Path, (UnixFileMode)0b111_111_111);

    public void Dispose() => _out.Dispose();

    [Fact]
    public async Task An_allowed_command_gets_the_message_as_queued()
    {
        var output = _out["tracker.eml"];
        await using var server = await TestServer.StartAsync("allow_mail_to_commands = alias",
            $"tracker: \"|/bin/sh -c 'cat > {output}'\", bob\n");
        Assert.Empty(server.AliasWarnings);

        var queueId = await SendAsync(server, "tracker@example.test");

        await WaitForIdleQueueAsync(server);
        var delivered = MaildirMessage.WithoutOurReceived(output, out var received);
        Assert.Contains(" id " + queueId, received);
        Assert.Equal(Body.Replace("\r\n..", "\r\n.", StringComparison.Ordinal), Encoding.UTF8.GetString(delivered));
        Assert.Equal(File.ReadAllBytes(Assert.Single(server.MessagesOf("bob"))), File.ReadAllBytes(output));
        Assert.Contains(server.LogLines, line => line.StartsWith($"qmgr: {queueId}: to=<tracker@example.test>, orig_to=<tracker@example.test>, relay=local, ", StringComparison.Ordinal)
            && line.EndsWith($", status=sent (delivered to command: /bin/sh -c 'cat > {output}')", StringComparison.Ordinal));
    }

    public static TheoryData<string, AliasTargetPolicy?> Refusals => new()
    {
        { "", null },                                                                   // Sekisho's default: refused when compiled
        { "allow_mail_to_files = alias", null },                                        // files only
        { "", new AliasTargetPolicy { CommandsInAliases = true } },                     // compiled while allowed, refused now
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_command_alias_is_an_unknown_user(string config, AliasTargetPolicy? compiledWith)
    {
        var marker = _out["ran"];
        await using var server = await TestServer.StartAsync(config, $"tracker: \"|/bin/sh -c 'touch {marker}'\"\n", compiledWith);
        if (compiledWith is null)
        {
            Assert.Equal($"{server.AliasesPath}:1: alias tracker: delivery to commands is not allowed (dropped |/bin/sh -c 'touch {marker}'; allow_mail_to_commands does not list alias)",
                server.AliasWarnings[0]);
        }

        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("550 5.1.1 <tracker@example.test>: Recipient address rejected: User unknown", await client.CommandAsync("RCPT TO:<tracker@example.test>"));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        server.AssertNothingQueuedOrDelivered();
        Assert.False(File.Exists(marker), "a refused command ran");
    }

    [Fact]
    public async Task An_allowed_file_gets_messages_appended_in_mbox_format()
    {
        var mailbox = _out["archive.mbox"];
        File.WriteAllBytes(mailbox, []);
        File.SetUnixFileMode(mailbox, (UnixFileMode)0b110_110_110); // as root, only a file nobody may write is appended to
        await using var server = await TestServer.StartAsync("allow_mail_to_files = alias", $"archive: {mailbox}\n");

        var first = await SendAsync(server, "archive@example.test");
        await WaitForIdleQueueAsync(server);
        var second = await SendAsync(server, "Archive@Example.Test");
        await WaitForIdleQueueAsync(server);

        var messages = Regex.Split(File.ReadAllText(mailbox), @"(?=^From carol@elsewhere\.example )", RegexOptions.Multiline).Where(m => m.Length > 0).ToArray();
        Assert.Equal(2, messages.Length);
        foreach (var (message, id) in messages.Zip([first, second]))
        {
            Assert.Matches(@"^From carol@elsewhere\.example \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\nReceived: from ", message);
            Assert.Contains($" id {id}\n", message);
            Assert.EndsWith("\nFrom: carol@elsewhere.example\nSubject: ticket\n\n>From the desk of carol\n.dot line\n\n", message);
            Assert.DoesNotContain("\r", message);
        }
        Assert.Contains(server.LogLines, line => line.StartsWith($"qmgr: {second}: to=<archive@example.test>, orig_to=<Archive@Example.Test>, relay=local, ", StringComparison.Ordinal)
            && line.EndsWith($", status=sent (delivered to file: {mailbox})", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Newaliases_keeps_commands_when_the_configuration_allows_them()
    {
        var config = _out.Write("sekisho.conf", "myhostname = mx.example.test\ndata_directory = data\nalias_maps = hash:aliases\nalias_database = $alias_maps\n"
            + "allow_mail_to_commands = alias\n");
        _out.Write("aliases", "tracker: \"|/usr/bin/logger -t tracker\", /var/mail/archive\n");

        var (exitCode, stdout, stderr) = await SekishoProcess.RunAsync(_out.Path, null, "newaliases", "--config", config);

        Assert.Equal(0, exitCode);
        Assert.Equal($"sekisho: {_out["aliases"]}.db: 1 aliases\n", stdout);
        Assert.Equal($"sekisho: warning: {_out["aliases"]}:1: alias tracker: delivery to files is not allowed (dropped /var/mail/archive; allow_mail_to_files does not list alias)\n", stderr);
        Assert.True(AliasIndex.Load(_out["aliases.db"]).TryGetTargets("tracker", out var targets));
        Assert.Equal(["|/usr/bin/logger -t tracker"], targets);
    }

    private static async Task<string> SendAsync(TestServer server, string recipient)
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync($"RCPT TO:<{recipient}>"));
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.CommandAsync("DATA"));
        var queued = await client.CommandAsync(Body + ".");
        Assert.StartsWith(QueuedPrefix, queued);
        Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        return queued[QueuedPrefix.Length..];
    }

    private static async Task WaitForIdleQueueAsync(TestServer server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (server.QueuedCount() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the queue did not empty; log:\n" + string.Join('\n', server.LogLines));
            await Task.Delay(25);
        }
    }
}
