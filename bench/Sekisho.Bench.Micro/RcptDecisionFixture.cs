using System.Diagnostics;
using System.Net;
using Sekisho.Accounts;
using Sekisho.Accounts.Aliases;
using Sekisho.Bench.Cidr;
using Sekisho.Config;
using Sekisho.Policy;
using Sekisho.Policy.Restrictions;
using Sekisho.Protocol.Smtp;
using Sekisho.Server.Hosting;

namespace Sekisho.Bench.Micro;

/// <summary>
/// The RCPT decision as the server makes it, on 100,000-entry tables: writes a <c>cidr:</c> table (the networks of
/// the CIDR benchmark, <see cref="EntryGenerator"/>, same seed: every third line REJECT, the others OK) and a
/// <c>hash:</c> table (<see cref="RecipientTable"/>) into a temporary folder, and a main.cf with
/// <code>smtpd_recipient_restrictions = permit_mynetworks, check_client_access cidr:..., check_recipient_access hash:..., reject_unauth_destination</code>
/// (no <c>smtpd_relay_restrictions</c>: the pre-2.10 form, relay decided in this one list). The policy is built by
/// <see cref="RecipientRouterBuilder"/>, as <c>sekisho serve</c> and <c>sekisho check</c> build it, and asked with
/// <see cref="SmtpdPolicy.DecideRecipientAsync"/>, as the session asks it for every RCPT.
/// </summary>
internal sealed class RcptDecisionFixture : IAsyncDisposable
{
    /// <summary>The seed of every generated table and probe (the CIDR benchmark's).</summary>
    public const int Seed = 20_250_611;

    /// <summary>Entries in each table.</summary>
    public const int TableSize = 100_000;

    /// <summary>The local domain recipients of <see cref="RcptScenario.LocalNoMatch"/> are in.</summary>
    public const string LocalDomain = "bench.example";

    /// <summary>How often each scenario occurs in <see cref="RcptScenario.Mix"/>, in percent.</summary>
    public static readonly (RcptScenario Scenario, int Percent)[] MixWeights =
    [
        (RcptScenario.TrustedClient, 10),
        (RcptScenario.CidrHit, 20),
        (RcptScenario.HashHit, 20),
        (RcptScenario.LocalNoMatch, 20),
        (RcptScenario.RelayDenied, 20),
        (RcptScenario.Ipv6Client, 10),
    ];

    private const int PoolSize = 1 << 16;
    private readonly DirectoryInfo _directory;
    private readonly IAccountStore _accounts;
    private readonly RecipientTable _recipients;
    private readonly Random _random = new(Seed);
    private readonly IPAddress[] _v4Hits;
    private readonly IPAddress[] _v4Misses;
    private readonly IPAddress[] _v6Mixed;
    private readonly SmtpPath _sender;

    private RcptDecisionFixture(DirectoryInfo directory, IAccountStore accounts, SmtpdPolicy policy, EntryGenerator networks,
        RecipientTable recipients, TimeSpan buildTime, IReadOnlyList<string> warnings)
    {
        _directory = directory;
        _accounts = accounts;
        _recipients = recipients;
        Policy = policy;
        BuildTime = buildTime;
        Warnings = warnings;
        _v4Hits = [.. networks.V4Hits(PoolSize).Addresses.Where(IsUntrusted)];
        _v4Misses = [.. networks.V4Misses(PoolSize).Addresses.Where(IsUntrusted)];
        _v6Mixed = networks.V6Mixed(PoolSize).Addresses;
        _sender = ParseRecipient("sender@client.example.org"); // any valid path
    }

    /// <summary>The restriction lists, built as the server builds them.</summary>
    public SmtpdPolicy Policy { get; }

    /// <summary>How long reading main.cf, loading both tables and building the policy took.</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>What the configuration and the table loaders warned about.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Writes the tables and main.cf to a temporary folder and builds the policy.</summary>
    /// <exception cref="ConfigException">The generated configuration is refused (a bug in this benchmark).</exception>
    public static RcptDecisionFixture Create()
    {
        var directory = Directory.CreateTempSubdirectory("sekisho-bench-rcpt-");
        var networks = new EntryGenerator(Seed);
        var cidrPath = Path.Combine(directory.FullName, "clients.cidr");
        File.WriteAllLines(cidrPath, networks.Entries(TableSize).Select((entry, i) => $"{entry.CidrText}\t{(i % 3 == 0 ? "REJECT" : "OK")}"));
        var recipients = new RecipientTable(Seed);
        var hashPath = Path.Combine(directory.FullName, "recipient_access");
        File.WriteAllLines(hashPath, recipients.Lines(TableSize));
        var mainCf = $"""
            myhostname = mx.{LocalDomain}
            mydomain = {LocalDomain}
            mydestination = $myhostname, localhost, $mydomain
            relay_domains = relay.example
            mynetworks = 127.0.0.0/8, [::1]/128, 10.0.0.0/8
            data_directory = {directory.FullName}
            alias_maps =
            smtpd_recipient_restrictions = permit_mynetworks,
                check_client_access cidr:{cidrPath},
                check_recipient_access hash:{hashPath},
                reject_unauth_destination
            """;
        var started = Stopwatch.GetTimestamp();
        var configuration = Configuration.FromText(mainCf, Path.Combine(directory.FullName, "sekisho.conf"), directory.FullName);
        var settings = SekishoSettings.FromConfiguration(configuration);
        var accounts = AccountStores.Open(settings.AccountDatabase); // opened lazily; remote and policy-only decisions never ask it
        var warnings = new List<string>(configuration.Warnings);
        var router = RecipientRouterBuilder.Build(settings, accounts, new AliasMaps(settings.AliasMaps), warnings);
        return new RcptDecisionFixture(directory, accounts, router.Policy, networks, recipients, Stopwatch.GetElapsedTime(started), warnings);
    }

    /// <summary>Probes of one scenario, or a mix; the same seed gives the same probes.</summary>
    /// <param name="scenario">Which decisions.</param>
    /// <param name="count">How many.</param>
    public RcptProbe[] Probes(RcptScenario scenario, int count)
    {
        var probes = new RcptProbe[count];
        for (var i = 0; i < count; i++)
        {
            probes[i] = Probe(scenario == RcptScenario.Mix ? PickMixed() : scenario);
        }
        return probes;
    }

    /// <summary>Deletes the temporary folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await _accounts.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private RcptScenario PickMixed()
    {
        var roll = _random.Next(100);
        foreach (var (scenario, percent) in MixWeights)
        {
            if (roll < percent)
            {
                return scenario;
            }
            roll -= percent;
        }
        throw new InvalidOperationException("the mix weights do not add up to 100");
    }

    private RcptProbe Probe(RcptScenario scenario)
    {
        var (client, recipient) = scenario switch
        {
            RcptScenario.TrustedClient => (_random.Next(2) == 0 ? IPAddress.Loopback : new IPAddress([10, (byte)_random.Next(256), (byte)_random.Next(256), (byte)_random.Next(1, 255)]),
                _recipients.RemoteMiss()),
            RcptScenario.CidrHit => (Pick(_v4Hits), _recipients.RemoteMiss()),
            RcptScenario.HashHit => (Pick(_v4Misses), _recipients.Hit()),
            RcptScenario.LocalNoMatch => (Pick(_v4Misses), _recipients.LocalMiss(LocalDomain)),
            RcptScenario.RelayDenied => (Pick(_v4Misses), _recipients.RemoteMiss()),
            RcptScenario.Ipv6Client => (Pick(_v6Mixed), _recipients.RemoteMiss()),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
        var context = new RestrictionContext
        {
            Client = new ClientContext(client, "unknown", "client.example.org"),
            Sender = _sender,
            Recipient = ParseRecipient(recipient),
        };
        return new RcptProbe(scenario, $"TO:<{recipient}>", context);
    }

    /// <summary>Outside <c>mynetworks</c> (the generator's addresses may fall in 10/8 or 127/8).</summary>
    private static bool IsUntrusted(IPAddress address) => address.GetAddressBytes()[0] is not (10 or 127);

    private IPAddress Pick(IPAddress[] pool) => pool[_random.Next(pool.Length)];

    private static SmtpPath ParseRecipient(string address) =>
        SmtpPathParser.TryParseRcptTo($"TO:<{address}>", out var path, out _, out var error)
            ? path
            : throw new InvalidOperationException($"generated recipient {address} is refused: {error}");
}
