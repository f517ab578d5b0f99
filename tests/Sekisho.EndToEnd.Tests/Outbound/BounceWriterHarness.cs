using MimeKit;
using Sekisho.Accounts;
using Sekisho.Accounts.Aliases;
using Sekisho.Config;
using Sekisho.EndToEnd.Tests.Infrastructure;
using Sekisho.Queue;
using Sekisho.Server.Hosting;

namespace Sekisho.EndToEnd.Tests.Outbound;

/// <summary>
/// The server's <see cref="BounceWriter"/> on its own: the test server's configuration (<c>myhostname =
/// mx.example.test</c>, accounts alice (admin, so the postmaster) and bob), a real spool and router, and a clock
/// that says <see cref="Now"/>. Messages are queued and notices read back from the spool.
/// </summary>
public sealed class BounceWriterHarness : IAsyncDisposable
{
    private readonly string _root;
    private readonly SqliteAccountStore _accounts;

    private BounceWriterHarness(string root, Spool spool, SqliteAccountStore accounts, BounceWriter writer)
    {
        _root = root;
        Spool = spool;
        _accounts = accounts;
        Writer = writer;
    }

    /// <summary>When the messages arrived.</summary>
    public static DateTimeOffset Arrival { get; } = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The writer's clock: four and a half hours after <see cref="Arrival"/>.</summary>
    public static DateTimeOffset Now { get; } = Arrival.AddHours(4.5);

    public Spool Spool { get; }

    public BounceWriter Writer { get; }

    /// <param name="extraConfig">main.cf lines after the test server's base configuration.</param>
    public static async Task<BounceWriterHarness> CreateAsync(string extraConfig = "")
    {
        var root = Path.Combine(Path.GetTempPath(), "sekisho-notice-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var configPath = Path.Combine(root, "sekisho.conf");
        await File.WriteAllTextAsync(configPath, TestServer.BaseConfig(FreePort.Next(), FreePort.Next(), extraConfig));
        await File.WriteAllTextAsync(Path.Combine(root, "aliases"), "");
        var settings = SekishoSettings.FromConfiguration(Configuration.Load(configPath, root));
        await DataDirectoryInitializer.InitializeAsync(settings, CancellationToken.None);
        await AliasIndex.CompileAsync(Path.Combine(root, "aliases"), AliasTargetPolicies.From(settings), CancellationToken.None);
        var accounts = new SqliteAccountStore(settings.AccountDatabase);
        var credentials = Sekisho.Server.Auth.CredentialPolicy.For(settings);
        await accounts.AddAsync("alice", "secret", isAdmin: true, credentials, CancellationToken.None);
        await accounts.AddAsync("bob", "secret", isAdmin: false, credentials, CancellationToken.None);
        var router = RecipientRouterBuilder.Build(settings, accounts, new AliasMaps(settings.AliasMaps), new List<string>());
        var spool = new Spool(settings.QueueDirectory);
        return new BounceWriterHarness(root, spool, accounts, new BounceWriter(settings, spool, router, new FixedTime(Now)));
    }

    /// <summary>An envelope from <paramref name="sender"/> that arrived at <see cref="Arrival"/>.</summary>
    public static QueueEnvelope Envelope(string sender, params QueueRecipient[] recipients) => new()
    {
        Sender = sender,
        Recipients = recipients,
        ArrivalTime = Arrival,
        ClientName = "unknown",
        ClientAddress = "127.0.0.1",
        Helo = "client.example",
        Protocol = "ESMTP",
        BodyType = "7BIT",
    };

    /// <summary>Queues a message and opens it, as the queue manager has it when it calls the writer.</summary>
    public async Task<QueuedMessage> QueueAsync(QueueEnvelope envelope, string content)
    {
        var id = Spool.NewQueueId();
        await using (var writer = await Spool.CreateAsync(id, envelope, CancellationToken.None))
        {
            await writer.AppendAsync(System.Text.Encoding.UTF8.GetBytes(content), CancellationToken.None);
            await writer.CommitAsync(CancellationToken.None);
        }
        return Spool.Open(id, QueueState.Incoming);
    }

    /// <summary>A queued notice: its envelope and the report, parsed by MimeKit.</summary>
    public (QueueEnvelope Envelope, MimeMessage Report) ReadNotice(string queueId)
    {
        using var notice = Spool.Open(queueId, QueueState.Incoming);
        using var content = notice.OpenContent();
        return (notice.Envelope, MimeMessage.Load(content));
    }

    public async ValueTask DisposeAsync()
    {
        await _accounts.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
