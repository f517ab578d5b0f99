using Sekisho.EndToEnd.Tests.Cli;

namespace Sekisho.EndToEnd.Tests.Sendmail;

/// <summary>
/// sendmail's exit status is all a script or cron sees, so each failure has its sysexits.h code: EX_USAGE (64) for
/// bad options and no recipients, EX_DATAERR (65) for a bad message, EX_TEMPFAIL (75) when the queue cannot be
/// written, EX_NOPERM (77) for a user authorized_submit_users refuses, EX_CONFIG (78) for a bad configuration. A
/// failed submission leaves nothing in the queue. No server runs here: submission does not need one.
/// </summary>
public sealed class SendmailExitCodeTests : IDisposable
{
    private const string Message = "Subject: test\n\nbody\n";
    private readonly TempDirectory _site = new();

    public SendmailExitCodeTests() => Configure("");

    private string ConfigPath => _site["sekisho.conf"];

    private string QueueDirectory => _site["data/queue"];

    [Theory]
    [InlineData("-z bob", "sendmail: invalid option -- 'z'")]
    [InlineData("-bd", "sendmail: -bd: daemon mode is `sekisho serve`")]
    [InlineData("-bv bob", "sendmail: unsupported: -bv")]
    [InlineData("-B 9BIT bob", "sendmail: -B option needs 8BITMIME or 7BIT")]
    [InlineData("-f", "sendmail: option requires an argument -- 'f'")]
    [InlineData("", "sendmail: fatal: ")]
    [InlineData("-f alice@example.test", "Recipient addresses must be specified on the command line or via the -t option")]
    [InlineData("bob@", "sendmail: fatal: bad recipient address syntax: bob@")]
    [InlineData("bob@-bad-.test", "sendmail: fatal: bad recipient address syntax: bob@-bad-.test")]
    [InlineData("-f a@@b bob", "sendmail: fatal: bad sender address syntax: a@@b")]
    public async Task Usage_errors_exit_64_and_queue_nothing(string line, string message)
    {
        var (exit, _, stderr) = await RunAsync(Message, line);
        Assert.Equal(64, exit);
        Assert.Contains(message, stderr);
        Assert.Empty(SendmailProcess.MaildropFiles(QueueDirectory));
    }

    [Fact]
    public async Task T_without_recipient_headers_exits_64()
    {
        var (exit, _, stderr) = await RunAsync("Subject: no one\n\nbody\n", "-t -i");
        Assert.Equal(64, exit);
        Assert.Contains("No recipient addresses found in message header", stderr);
        Assert.Empty(SendmailProcess.MaildropFiles(QueueDirectory));
    }

    [Fact]
    public async Task Options_sendmail_had_and_postfix_ignores_are_ignored()
    {
        var (exit, _, stderr) = await RunAsync(Message,
            "-odb -oem -om -o7 -G -U -n -m -c -x -h 5 -L label -Am -O DeliveryMode=b -e m -X /tmp/sekisho-x.log -p smtp:host -bh -bm bob@example.test");
        Assert.True(exit == 0, stderr);
        Assert.Equal("", stderr);
        Assert.Single(SendmailProcess.MaildropFiles(QueueDirectory));
    }

    [Fact]
    public async Task Bad_dsn_values_are_warned_about_and_the_message_still_goes()
    {
        var (exit, _, stderr) = await RunAsync(Message, "-N sometimes -R body bob@example.test");
        Assert.Equal(0, exit);
        Assert.Equal("sendmail: warning: bad -N option value -- ignored: sometimes\nsendmail: warning: bad -R option value -- ignored: body\n", stderr);
        var envelope = await File.ReadAllTextAsync(Assert.Single(SendmailProcess.MaildropFiles(QueueDirectory)));
        Assert.Contains("\nrecipient % bob@example.test\nret %\n", envelope);
    }

    [Fact]
    public async Task A_bad_header_address_with_t_exits_65()
    {
        var (exit, _, stderr) = await RunAsync("To: bob@example.test, carol@-bad-.test\nSubject: x\n\nbody\n", "-t");
        Assert.Equal(65, exit);
        Assert.Contains("bad address syntax in header To: bob@example.test, carol@-bad-.test", stderr);
        Assert.Empty(SendmailProcess.MaildropFiles(QueueDirectory));
    }

    [Fact]
    public async Task A_message_over_message_size_limit_exits_65()
    {
        Configure("message_size_limit = 2000");
        var (exit, _, stderr) = await RunAsync("Subject: big\n\n" + new string('x', 70) + "\n" + string.Concat(Enumerable.Repeat(new string('y', 70) + "\n", 60)), "-oi bob@example.test");
        Assert.Equal(65, exit);
        Assert.Contains("message file too big", stderr);
        Assert.Empty(Directory.GetFiles(Path.Combine(QueueDirectory, "maildrop")));
    }

    [Fact]
    public async Task A_bad_configuration_exits_78()
    {
        Configure("message_size_limit = lots");
        var (exit, _, stderr) = await RunAsync(Message, "bob@example.test");
        Assert.Equal(78, exit);
        Assert.Contains("sendmail: fatal: ", stderr);
        Assert.Contains("message_size_limit", stderr);
    }

    [Fact]
    public async Task A_queue_the_user_cannot_write_exits_75()
    {
        if (!SendmailProcess.CanSwitchUser || OperatingSystem.IsWindows())
        {
            return; // needs root to run as another user
        }
        Directory.CreateDirectory(Path.Combine(QueueDirectory, "maildrop"));
        File.SetUnixFileMode(QueueDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var (exit, _, stderr) = await RunAsync(Message, "bob@example.test", asUser: SendmailProcess.Nobody);
        Assert.Equal(75, exit);
        Assert.Contains("sendmail: fatal: cannot write the queue: ", stderr);
        Assert.Empty(SendmailProcess.MaildropFiles(QueueDirectory));

        var (mailqExit, _, mailqErr) = await RunAsync(null, "-bp", asUser: SendmailProcess.Nobody);
        Assert.Equal(77, mailqExit);
        Assert.Contains("sendmail: fatal: cannot read the queue: ", mailqErr);
    }

    [Fact]
    public async Task An_unprivileged_user_submits_through_the_sticky_maildrop_folder()
    {
        if (!SendmailProcess.CanSwitchUser)
        {
            return;
        }
        var (exit, _, stderr) = await RunAsync(Message, "bob@example.test"); // root makes the folder, as the server would
        Assert.True(exit == 0, stderr);
        (exit, _, stderr) = await RunAsync(Message, "-v bob@example.test", asUser: SendmailProcess.Nobody);
        Assert.True(exit == 0, stderr);
        Assert.Matches(@"^sendmail: maildrop/[0-9A-F]{12}\.[0-9A-F]{16}: from=<nobody@example.test>, nrcpt=1: handed to the server\n$", stderr);
        Assert.Equal(2, SendmailProcess.MaildropFiles(QueueDirectory).Count);
    }

    [Fact]
    public async Task A_user_authorized_submit_users_refuses_exits_77()
    {
        if (!SendmailProcess.CanSwitchUser)
        {
            return;
        }
        Configure("authorized_submit_users = !nobody, static:anyone");
        var (exit, _, stderr) = await RunAsync(Message, "bob@example.test"); // root may
        Assert.True(exit == 0, stderr);
        (exit, _, stderr) = await RunAsync(Message, "bob@example.test", asUser: SendmailProcess.Nobody);
        Assert.Equal(77, exit);
        Assert.Equal("sendmail: fatal: User nobody(65534) is not allowed to submit mail (authorized_submit_users)\n", stderr);
        (exit, _, stderr) = await RunAsync(null, "-bs", asUser: SendmailProcess.Nobody);
        Assert.Equal(77, exit);
        Assert.Single(SendmailProcess.MaildropFiles(QueueDirectory));
    }

    public void Dispose() => _site.Dispose();

    private void Configure(string extra) => _site.Write("sekisho.conf", $"""
        myhostname = mx.example.test
        myorigin = example.test
        mydestination = example.test, localhost
        data_directory = {_site["data"]}
        {extra}
        """);

    private Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string? stdin, string line, string? asUser = null) =>
        SendmailProcess.RunAsync(ConfigPath, stdin, line.Split(' ', StringSplitOptions.RemoveEmptyEntries), asUser: asUser);
}
