using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Cli;

/// <summary>
/// A site run only through the <c>sekisho</c> program: a folder with <c>sekisho.conf</c> (<see cref="TestServer.BaseConfig"/>,
/// aliases in <c>./aliases</c>), accounts made with <c>sekisho user add --password-stdin</c>, and <c>sekisho serve</c> as a process.
/// </summary>
public sealed class ServedSite : IAsyncDisposable
{
    private ServedSite(TempDirectory directory, int smtpPort)
    {
        Directory = directory;
        SmtpPort = smtpPort;
    }

    public TempDirectory Directory { get; }
    public int SmtpPort { get; }
    public string ConfigPath => Directory["sekisho.conf"];
    public string AliasesPath => Directory["aliases"];
    public SekishoProcess Server { get; private set; } = null!;

    /// <summary>What the server process wrote so far, for failure messages.</summary>
    public string ServerOutput => string.Join("\n", Server.Output);

    /// <summary>Writes the configuration and adds the accounts in order (password "secret"); the server is not started yet.</summary>
    /// <param name="accounts">Account names; a leading <c>*</c> makes an admin (<c>--admin</c>).</param>
    public static async Task<ServedSite> CreateAsync(params string[] accounts)
    {
        var site = new ServedSite(new TempDirectory(), FreePort.Next());
        site.Directory.Write("sekisho.conf", TestServer.BaseConfig(site.SmtpPort, FreePort.Next(), ""));
        foreach (var account in accounts)
        {
            string[] admin = account.StartsWith('*') ? ["--admin"] : [];
            var (exitCode, _, stderr) = await site.RunAsync("secret\n", ["user", "add", account.TrimStart('*'), "--password-stdin", .. admin]);
            Assert.True(exitCode == 0, stderr);
        }
        return site;
    }

    /// <summary><see cref="CreateAsync"/>, then <see cref="StartServerAsync"/>.</summary>
    public static async Task<ServedSite> StartAsync(params string[] accounts)
    {
        var site = await CreateAsync(accounts);
        await site.StartServerAsync();
        return site;
    }

    /// <summary>Starts <c>sekisho serve --config sekisho.conf</c> and waits until it listens.</summary>
    public async Task StartServerAsync() =>
        Server = await SekishoProcess.StartServeAsync(Directory.Path, ConfigPath, SmtpPort);

    /// <summary>Runs <c>sekisho ARGS --config sekisho.conf</c> in the site's folder.</summary>
    public Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string? stdin, params string[] args) =>
        SekishoProcess.RunAsync(Directory.Path, stdin, [.. args, "--config", ConfigPath]);

    /// <summary>Writes <c>./aliases</c> and runs <c>sekisho newaliases</c>.</summary>
    public async Task<(int ExitCode, string StdOut, string StdErr)> NewAliasesAsync(string aliases)
    {
        await File.WriteAllTextAsync(AliasesPath, aliases);
        return await RunAsync(null, "newaliases");
    }

    /// <summary>One SMTP transaction from 127.0.0.1 to one recipient; returns the RCPT reply (the message is sent only when it is 250).</summary>
    public async Task<string> SendAsync(string recipient, string subject)
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(SmtpPort);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<sender@client.example>"));
        var rcpt = await client.CommandAsync($"RCPT TO:<{recipient}>");
        if (rcpt.StartsWith("250 ", StringComparison.Ordinal))
        {
            Assert.StartsWith("354 ", await client.CommandAsync("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued as ",
                await client.CommandAsync($"From: sender@client.example\r\nTo: {recipient}\r\nSubject: {subject}\r\n\r\nBody of {subject}.\r\n."));
        }
        Assert.StartsWith("221 ", await client.CommandAsync("QUIT"));
        return rcpt;
    }

    /// <summary>The message files in an account's Maildir (new and cur).</summary>
    public IReadOnlyList<string> MessagesOf(string account) =>
        new[] { "new", "cur" }
            .Select(sub => Directory[$"data/mail/{account}/{sub}"])
            .Where(System.IO.Directory.Exists)
            .SelectMany(System.IO.Directory.EnumerateFiles)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The subjects of an account's messages.</summary>
    public IReadOnlyList<string> SubjectsOf(string account) =>
        MessagesOf(account)
            .Select(file => File.ReadLines(file).First(line => line.StartsWith("Subject: ", StringComparison.Ordinal))["Subject: ".Length..])
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Waits until the queue holds nothing in flight (tmp, incoming, active) and <paramref name="account"/> has <paramref name="count"/> messages.</summary>
    public async Task WaitForMessagesAsync(string account, int count, int timeoutSeconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            if (MessagesOf(account).Count >= count && InFlight() == 0)
            {
                return;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException($"{account} has {MessagesOf(account).Count} messages, expected {count}; in flight {InFlight()}\n{ServerOutput}");
    }

    private int InFlight() =>
        new[] { "tmp", "incoming", "active" }
            .Select(state => Directory[$"data/queue/{state}"])
            .Where(System.IO.Directory.Exists)
            .Sum(folder => System.IO.Directory.EnumerateFiles(folder).Count());

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.TerminateAsync(timeoutSeconds: 10);
            await Server.DisposeAsync();
        }
        Directory.Dispose();
    }
}
