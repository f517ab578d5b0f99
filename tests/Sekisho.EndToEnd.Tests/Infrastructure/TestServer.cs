using Microsoft.Extensions.Logging;
using Sekisho.Accounts;
using Sekisho.Accounts.Aliases;
using Sekisho.Config;
using Sekisho.Server.Hosting;

namespace Sekisho.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real Sekisho server in this process, on free loopback ports, with its own folder, configuration file,
/// accounts database and queue. Only 127.0.0.1 is trusted (<c>mynetworks = 127.0.0.1/32</c>), so a client
/// bound to 127.0.0.2 plays an outsider. Local domains: example.test and localhost. POP3 listens on
/// <see cref="Pop3Port"/> (STLS) and <see cref="Pop3sPort"/> (implicit TLS).
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly CollectingLoggerProvider _log = new();
    private readonly ILoggerFactory _loggers;
    private SekishoServer? _server;

    private TestServer(string root, int smtpPort, int submissionPort, int pop3Port, int pop3sPort)
    {
        Root = root;
        SmtpPort = smtpPort;
        SubmissionPort = submissionPort;
        Pop3Port = pop3Port;
        Pop3sPort = pop3sPort;
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(_log).SetMinimumLevel(LogLevel.Information));
    }

    public string Root { get; }
    public int SmtpPort { get; }
    public int SubmissionPort { get; }
    public int Pop3Port { get; }
    public int Pop3sPort { get; }
    public string ConfigPath => Path.Combine(Root, "sekisho.conf");
    public string DataDirectory => Path.Combine(Root, "data");
    public string QueueDirectory => Path.Combine(DataDirectory, "queue");
    public string AliasesPath => Path.Combine(Root, "aliases");
    public IEnumerable<string> LogLines => _log.Lines;

    /// <summary>The warnings of compiling the aliases file before start.</summary>
    public IReadOnlyList<string> AliasWarnings { get; private set; } = [];

    /// <summary>The configuration every test server starts from; <paramref name="extra"/> lines come last and win.</summary>
    public static string BaseConfig(int smtpPort, int submissionPort, string extra) => $"""
        myhostname = mx.example.test
        mydomain = example.test
        mydestination = example.test, localhost
        mynetworks = 127.0.0.1/32
        data_directory = data
        smtp_listen = 127.0.0.1:{smtpPort}
        submission_listen = 127.0.0.1:{submissionPort}
        pop3_listen =
        alias_maps = hash:aliases
        alias_database = $alias_maps
        smtpd_timeout = 30s
        # Loopback only: MX lookups go to a port where no DNS server answers, so remote mail is deferred, never sent out.
        smtp_dns_servers = 127.0.0.1:9
        smtp_dns_timeout = 1s
        {extra}
        """;

    /// <summary>Starts a server; accounts alice (admin) and bob exist with password "secret".</summary>
    /// <param name="extraConfig">main.cf lines added after the base configuration.</param>
    /// <param name="aliases">The aliases file content, compiled before start.</param>
    /// <param name="compileAliasesWith">
    /// The command/file policy to compile the aliases with; <see langword="null"/> (the default) takes it from the
    /// configuration, as <c>sekisho newaliases</c> does.
    /// </param>
    public static async Task<TestServer> StartAsync(string extraConfig = "", string aliases = "", AliasTargetPolicy? compileAliasesWith = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "sekisho-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var server = new TestServer(root, FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
        var pop3 = $"pop3_listen = 127.0.0.1:{server.Pop3Port}\npop3s_listen = 127.0.0.1:{server.Pop3sPort}\n";
        await File.WriteAllTextAsync(server.ConfigPath, BaseConfig(server.SmtpPort, server.SubmissionPort, pop3 + extraConfig));
        await File.WriteAllTextAsync(server.AliasesPath, aliases);
        var settings = SekishoSettings.FromConfiguration(Configuration.Load(server.ConfigPath, root));
        var compiled = await AliasIndex.CompileAsync(server.AliasesPath, compileAliasesWith ?? AliasTargetPolicies.From(settings), CancellationToken.None);
        server.AliasWarnings = compiled.Warnings;
        await using (var accounts = new SqliteAccountStore(settings.AccountDatabase))
        {
            var credentials = Sekisho.Server.Auth.CredentialPolicy.For(settings);
            await accounts.AddAsync("alice", "secret", isAdmin: true, credentials, CancellationToken.None);
            await accounts.AddAsync("bob", "secret", isAdmin: false, credentials, CancellationToken.None);
        }
        server._server = new SekishoServer(settings, server._loggers) { GracePeriod = TimeSpan.FromSeconds(5) };
        await server._server.StartAsync(CancellationToken.None);
        return server;
    }

    public string MaildirOf(string account) => Path.Combine(DataDirectory, "mail", account);

    /// <summary>The message files in an account's Maildir (new and cur).</summary>
    public IReadOnlyList<string> MessagesOf(string account)
    {
        var maildir = MaildirOf(account);
        return new[] { "new", "cur" }
            .Select(sub => Path.Combine(maildir, sub))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Waits until an account has at least <paramref name="count"/> messages and the queue is idle.</summary>
    public async Task<IReadOnlyList<string>> WaitForMessagesAsync(string account, int count, int timeoutSeconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            var messages = MessagesOf(account);
            if (messages.Count >= count && QueuedCount(includeDeferred: false) == 0)
            {
                return messages;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException($"{account} has {MessagesOf(account).Count} messages, expected {count}; queue holds {QueuedCount(true)}");
    }

    /// <summary>Waits until a mail log line starts with <paramref name="prefix"/> (category included, e.g. <c>pop3d: </c>).</summary>
    public async Task WaitForLogAsync(string prefix, int timeoutSeconds = 5)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!LogLines.Any(line => line.StartsWith(prefix, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no log line starting with \"{prefix}\"");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Messages in the queue (incoming, active, tmp and optionally deferred).</summary>
    public int QueuedCount(bool includeDeferred = true)
    {
        var states = includeDeferred ? new[] { "tmp", "incoming", "active", "deferred", "hold" } : ["tmp", "incoming", "active"];
        // Distinct names: a message moving between two folders while they are listed one after the other is seen once.
        return states.Select(s => Path.Combine(QueueDirectory, s)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d).Select(Path.GetFileName).Select(n => n!.TrimStart('.')))
            .Distinct(StringComparer.Ordinal).Count();
    }

    /// <summary>Files in one queue state folder.</summary>
    public IReadOnlyList<string> QueueFiles(string state) =>
        Directory.Exists(Path.Combine(QueueDirectory, state)) ? Directory.GetFiles(Path.Combine(QueueDirectory, state)) : [];

    /// <summary>Asserts that nothing was queued or delivered anywhere.</summary>
    public void AssertNothingQueuedOrDelivered()
    {
        Assert.Equal(0, QueuedCount());
        foreach (var account in new[] { "alice", "bob", "postmaster" })
        {
            Assert.Empty(MessagesOf(account));
        }
    }

    /// <summary>Stops the server as SIGTERM does (sessions are told), keeping its folder for inspection until disposal.</summary>
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync(CancellationToken.None);
            await _server.DisposeAsync();
            _server = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _loggers.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
