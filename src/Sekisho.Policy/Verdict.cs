using Sekisho.Protocol.Smtp;

namespace Sekisho.Policy;

/// <summary>What a restriction decides: no decision, permit, reject (5xx) or defer (4xx), with the reply and the rule.</summary>
public sealed record Verdict
{
    private Verdict(VerdictKind kind, SmtpReply? reply, string rule)
    {
        Kind = kind;
        Reply = reply;
        Rule = rule;
    }

    /// <summary>Which of the four outcomes.</summary>
    public VerdictKind Kind { get; }

    /// <summary>The reply for Reject and Defer.</summary>
    public SmtpReply? Reply { get; }

    /// <summary>The rule that decided, for the log (e.g. <c>permit_mynetworks</c>).</summary>
    public string Rule { get; }

    /// <summary>What else the log should say: the table entry that matched (<c>/etc/mail/access:3 Connect:192.168.1 RELAY</c>), or null.</summary>
    public string? Detail { get; init; }

    /// <summary>The rule had nothing to say; the next one decides.</summary>
    public static Verdict NoDecision { get; } = new(VerdictKind.NoDecision, null, "");

    /// <summary>Permitted by <paramref name="rule"/>.</summary>
    public static Verdict Permit(string rule) => new(VerdictKind.Permit, null, rule);

    /// <summary>Rejected with a 5xx reply.</summary>
    public static Verdict Reject(SmtpReply reply, string rule) => new(VerdictKind.Reject, reply, rule);

    /// <summary>Deferred with a 4xx reply.</summary>
    public static Verdict Defer(SmtpReply reply, string rule) => new(VerdictKind.Defer, reply, rule);
}
