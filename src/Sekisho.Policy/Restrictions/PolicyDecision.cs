namespace Sekisho.Policy.Restrictions;

/// <summary>The outcome of all lists for one RCPT: the verdict, the list that decided, and the trace.</summary>
/// <param name="Verdict">Permit, Reject or Defer (never NoDecision: the end of all lists permits).</param>
/// <param name="Parameter">The list that decided (<c>smtpd_relay_restrictions</c>), or null when nothing objected.</param>
/// <param name="Trace">One line per restriction evaluated.</param>
/// <param name="Warnings">Rejects that <c>warn_if_reject</c> turned into warnings (Postfix's <c>reject_warning</c> log lines).</param>
public sealed record PolicyDecision(Verdict Verdict, string? Parameter, IReadOnlyList<string> Trace, IReadOnlyList<string> Warnings)
{
    /// <summary>What the mail log adds after the reply: <c>(smtpd_relay_restrictions: reject_unauth_destination)</c> plus the table entry.</summary>
    public string LogReason => Parameter is null ? "" :
        $"({Parameter}: {Verdict.Rule}{(Verdict.Detail is null ? "" : "; " + Verdict.Detail)})";
}
