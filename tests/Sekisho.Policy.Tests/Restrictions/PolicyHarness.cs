using System.Net;
using Sekisho.Config;
using Sekisho.Policy.Restrictions;
using Sekisho.Policy.Tables;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Policy.Tests.Restrictions;

/// <summary>Builds an <see cref="SmtpdPolicy"/> from main.cf text, as the server does, and asks it about one RCPT.</summary>
internal static class PolicyHarness
{
    /// <summary>The home-server main.cf from the classic Postfix how-to (relay decided in smtpd_recipient_restrictions).</summary>
    public static readonly string HomeServer = Sekisho.TestData.ClassicSetups.HomeServer;

    public static readonly string[] ExistingLocalUsers = ["alice", "postmaster"];

    public static SmtpdPolicy Create(string mainCf, Func<string, IAccessTable>? openTable = null)
    {
        var settings = SekishoSettings.FromConfiguration(Configuration.FromText(mainCf, "sekisho.conf", System.IO.Path.GetTempPath()));
        var local = new HashSet<string>(settings.MyDestination, StringComparer.OrdinalIgnoreCase);
        var relay = new HashSet<string>(settings.RelayDomains, StringComparer.OrdinalIgnoreCase);
        var environment = new PolicyEnvironment
        {
            MyNetworks = (address, _) => settings.MyNetworks.Contains(address) ? "mynetworks" : null,
            IsLocalDomain = domain => local.Contains(domain),
            IsRelayDomain = domain => relay.Contains(domain),
            LocalRecipientExists = (path, _) => Task.FromResult(ExistingLocalUsers.Contains(path.LocalPart.ToLowerInvariant())),
        };
        return SmtpdPolicy.Create(settings, environment, openTable ?? (spec => throw new InvalidOperationException("no tables in this test: " + spec)));
    }

    public static SmtpPath Path(string argument)
    {
        Assert.True(SmtpPathParser.TryParseRcptTo("TO:" + argument, out var path, out _, out var error), error?.ToString());
        return path;
    }

    public static SmtpPath Sender(string argument)
    {
        Assert.True(SmtpPathParser.TryParseMailFrom("FROM:" + argument, out var path, out _, out var error), error?.ToString());
        return path;
    }

    public static Task<PolicyDecision> DecideAsync(SmtpdPolicy policy, string client, string recipient, string sender = "<someone@elsewhere.example>",
        string helo = "client.example.org", string? saslUser = null, bool improperPipelining = false) =>
        policy.DecideRecipientAsync(new RestrictionContext
        {
            Client = new ClientContext(IPAddress.Parse(client), "unknown", helo),
            Sender = Sender(sender),
            Recipient = Path(recipient),
            SaslUser = saslUser,
            ImproperPipelining = improperPipelining,
        }, CancellationToken.None);

    public static string Outcome(PolicyDecision decision) => decision.Verdict.Kind switch
    {
        Sekisho.Policy.VerdictKind.Permit => "permit",
        _ => decision.Verdict.Reply!.ToLogString(),
    };
}
