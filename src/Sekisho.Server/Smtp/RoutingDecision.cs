using Sekisho.Protocol.Smtp;
using Sekisho.Queue;

namespace Sekisho.Server.Smtp;

/// <summary>The outcome of a RCPT: the reply and, when it is positive, the delivery targets.</summary>
/// <param name="Reply">What to answer.</param>
/// <param name="Targets">Where the message goes for this recipient (empty when refused).</param>
/// <param name="Reason">Why, for the mail log: <c>(smtpd_relay_restrictions: reject_unauth_destination)</c>; "" when nothing objected.</param>
/// <param name="Trace">Each step taken: one line per restriction evaluated, then the local recipient lookup.</param>
public sealed record RoutingDecision(SmtpReply Reply, IReadOnlyList<QueueRecipient> Targets, string Reason, IReadOnlyList<string> Trace)
{
    /// <summary>Rejects that <c>warn_if_reject</c> turned into warnings, for the mail log.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The restriction list that refused (<c>smtpd_relay_restrictions</c>), or null (accepted, or the local recipient table refused).</summary>
    public string? RestrictionList { get; init; }

    /// <summary>What refused: the restriction (<c>reject_unauth_destination</c>) or <c>local_recipient_table</c>; "" when accepted.</summary>
    public string Restriction { get; init; } = "";
}
