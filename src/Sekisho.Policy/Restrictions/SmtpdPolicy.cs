using Sekisho.Config;
using Sekisho.Policy.Tables;

namespace Sekisho.Policy.Restrictions;

/// <summary>
/// The SMTP server's access policy: Postfix's five restriction lists, all evaluated at RCPT
/// (<c>smtpd_delay_reject = yes</c>) in the order client, helo, sender, relay, recipient. A reject or defer in
/// any list refuses the recipient; a permit ends only its own list. Relay permission comes from the relay
/// and recipient lists alone, never from MAIL FROM.
/// </summary>
public sealed class SmtpdPolicy
{
    private static readonly (RestrictionListName Name, string Parameter)[] Order =
    [
        (RestrictionListName.Client, "smtpd_client_restrictions"),
        (RestrictionListName.Helo, "smtpd_helo_restrictions"),
        (RestrictionListName.Sender, "smtpd_sender_restrictions"),
        (RestrictionListName.Relay, "smtpd_relay_restrictions"),
        (RestrictionListName.Recipient, "smtpd_recipient_restrictions"),
    ];

    private SmtpdPolicy(IReadOnlyList<RestrictionList> lists, RestrictionList dataList, RestrictionList etrnList, IReadOnlyList<string> warnings)
    {
        Lists = lists;
        DataList = dataList;
        EtrnList = etrnList;
        Warnings = warnings;
    }

    /// <summary>The lists evaluated at RCPT, in order.</summary>
    public IReadOnlyList<RestrictionList> Lists { get; }

    /// <summary><c>smtpd_data_restrictions</c>, evaluated at DATA.</summary>
    public RestrictionList DataList { get; }

    /// <summary><c>smtpd_etrn_restrictions</c>, evaluated at ETRN.</summary>
    public RestrictionList EtrnList { get; }

    /// <summary>What the admin should know about the tables the lists use (e.g. skipped lines).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Builds the policy from validated settings.</summary>
    /// <param name="settings">The settings (restriction tokens already checked by name).</param>
    /// <param name="environment">What restrictions consult.</param>
    /// <param name="openTable">Opens a <c>type:name</c> table.</param>
    /// <exception cref="ConfigException">A restriction Sekisho cannot enforce yet, a bad table, or no working relay control.</exception>
    public static SmtpdPolicy Create(SekishoSettings settings, PolicyEnvironment environment, Func<string, IAccessTable> openTable)
    {
        var configuration = settings.Configuration;
        var warnings = new List<string>();
        // A file written for Postfix before 2.10 (config warns about it): relaying is decided in the recipient list alone.
        var relayFromRecipientList = configuration.IsSetInFile("smtpd_recipient_restrictions") && !configuration.IsSetInFile("smtpd_relay_restrictions");
        var lists = new List<RestrictionList>();
        foreach (var (name, parameter) in Order)
        {
            var tokens = name switch
            {
                RestrictionListName.Client => settings.SmtpdClientRestrictions,
                RestrictionListName.Helo => settings.SmtpdHeloRestrictions,
                RestrictionListName.Sender => settings.SmtpdSenderRestrictions,
                RestrictionListName.Relay => relayFromRecipientList ? [] : settings.SmtpdRelayRestrictions,
                _ => settings.SmtpdRecipientRestrictions,
            };
            lists.Add(new RestrictionList(name, parameter, Build(tokens, parameter, configuration, environment, openTable, warnings)));
        }
        RequireRelayControl(lists, configuration);
        var dataList = new RestrictionList(RestrictionListName.Data, "smtpd_data_restrictions",
            Build(settings.SmtpdDataRestrictions, "smtpd_data_restrictions", configuration, environment, openTable, warnings));
        var etrnList = new RestrictionList(RestrictionListName.Etrn, "smtpd_etrn_restrictions",
            Build(settings.SmtpdEtrnRestrictions, "smtpd_etrn_restrictions", configuration, environment, openTable, warnings));
        return new SmtpdPolicy(lists, dataList, etrnList, warnings);
    }

    /// <summary>Decides one recipient.</summary>
    /// <param name="context">The session facts with the recipient.</param>
    /// <param name="cancellationToken">Session end.</param>
    public async Task<PolicyDecision> DecideRecipientAsync(RestrictionContext context, CancellationToken cancellationToken)
    {
        var trace = new List<string>();
        var warnings = new List<string>();
        foreach (var list in Lists)
        {
            var verdict = await list.EvaluateAsync(context, trace, warnings, cancellationToken);
            if (verdict.Kind is VerdictKind.Reject or VerdictKind.Defer)
            {
                return new PolicyDecision(verdict, list.Parameter, trace, warnings);
            }
        }
        return new PolicyDecision(Verdict.Permit("end of restriction lists"), null, trace, warnings);
    }

    /// <summary>
    /// Decides the DATA command (or the first BDAT) with <c>smtpd_data_restrictions</c>: the client, HELO and sender
    /// were already judged at RCPT, so only this list is evaluated. No recipient is in the context.
    /// </summary>
    /// <param name="context">The session facts, without a recipient.</param>
    /// <param name="cancellationToken">Session end.</param>
    public Task<PolicyDecision> DecideDataAsync(RestrictionContext context, CancellationToken cancellationToken) =>
        DecideOneListAsync(DataList, context, cancellationToken);

    /// <summary>Decides the ETRN command with <c>smtpd_etrn_restrictions</c> alone. No sender or recipient is in the context.</summary>
    /// <param name="context">The session facts.</param>
    /// <param name="cancellationToken">Session end.</param>
    public Task<PolicyDecision> DecideEtrnAsync(RestrictionContext context, CancellationToken cancellationToken) =>
        DecideOneListAsync(EtrnList, context, cancellationToken);

    private static async Task<PolicyDecision> DecideOneListAsync(RestrictionList list, RestrictionContext context, CancellationToken cancellationToken)
    {
        var trace = new List<string>();
        var warnings = new List<string>();
        var verdict = await list.EvaluateAsync(context, trace, warnings, cancellationToken);
        return verdict.Kind is VerdictKind.Reject or VerdictKind.Defer
            ? new PolicyDecision(verdict, list.Parameter, trace, warnings)
            : new PolicyDecision(Verdict.Permit("end of restriction lists"), null, trace, warnings);
    }

    private static List<IRestriction?> Build(IReadOnlyList<string> tokens, string parameter, Configuration configuration,
        PolicyEnvironment environment, Func<string, IAccessTable> openTable, List<string> warnings)
    {
        var restrictions = new List<IRestriction?>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token == "warn_if_reject")
            {
                restrictions.Add(null);
                continue;
            }
            if (RestrictionNames.TakingTable.Contains(token))
            {
                var table = tokens[++i];
                try
                {
                    var opened = openTable(table);
                    if (opened is ITableDiagnostics diagnostics)
                    {
                        warnings.AddRange(diagnostics.Warnings);
                    }
                    restrictions.Add(new AccessCheckRestriction(token, opened));
                }
                catch (TableException exception)
                {
                    throw Error(configuration, parameter, $"{token} {table}: {exception.Message}");
                }
                continue;
            }
            restrictions.Add(BuiltinRestrictions.Create(token, environment)
                ?? throw Error(configuration, parameter, $"restriction \"{token}\" is not supported yet"));
        }
        return restrictions;
    }

    private static void RequireRelayControl(IReadOnlyList<RestrictionList> lists, Configuration configuration)
    {
        foreach (var list in lists.Where(l => l.Name is RestrictionListName.Relay or RestrictionListName.Recipient))
        {
            if (list.Restrictions.Any(r => r is not null && RestrictionNames.RelayControl.Contains(r.Name)))
            {
                return;
            }
        }
        throw Error(configuration, configuration.IsSetInFile("smtpd_relay_restrictions") ? "smtpd_relay_restrictions" : "smtpd_recipient_restrictions",
            "no working relay control: smtpd_relay_restrictions or smtpd_recipient_restrictions must contain reject_unauth_destination, "
            + "defer_unauth_destination, reject or defer (without one, this server would be an open relay)");
    }

    private static ConfigException Error(Configuration configuration, string parameter, string problem) =>
        new(configuration.SourceName, configuration.LineOf(parameter), $"{parameter}: {problem}");
}
