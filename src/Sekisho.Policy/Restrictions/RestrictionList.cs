namespace Sekisho.Policy.Restrictions;

/// <summary>
/// One restriction list, evaluated as Postfix does: in order, the first restriction that permits, rejects
/// or defers decides the list; <c>warn_if_reject</c> turns the next restriction's reject into a logged
/// warning. The end of the list is no decision (the next list goes on).
/// </summary>
public sealed class RestrictionList
{
    /// <summary>Creates the list.</summary>
    /// <param name="name">Which list.</param>
    /// <param name="parameter">The parameter it came from, for the trace (<c>smtpd_recipient_restrictions</c>).</param>
    /// <param name="restrictions">The restrictions; <c>null</c> entries stand for <c>warn_if_reject</c>.</param>
    public RestrictionList(RestrictionListName name, string parameter, IReadOnlyList<IRestriction?> restrictions)
    {
        Name = name;
        Parameter = parameter;
        Restrictions = restrictions;
    }

    /// <summary>Which list.</summary>
    public RestrictionListName Name { get; }

    /// <summary>The parameter name.</summary>
    public string Parameter { get; }

    /// <summary>The restrictions in order (<c>null</c> = <c>warn_if_reject</c>).</summary>
    public IReadOnlyList<IRestriction?> Restrictions { get; }

    /// <summary>Evaluates the list.</summary>
    /// <param name="context">The session facts.</param>
    /// <param name="trace">Receives one line per restriction evaluated.</param>
    /// <param name="warnings">Receives what <c>warn_if_reject</c> turned into a warning, for the mail log.</param>
    /// <param name="cancellationToken">Session end.</param>
    public async ValueTask<Verdict> EvaluateAsync(RestrictionContext context, ICollection<string> trace, ICollection<string> warnings, CancellationToken cancellationToken)
    {
        var warnOnly = false;
        foreach (var restriction in Restrictions)
        {
            if (restriction is null)
            {
                warnOnly = true;
                continue;
            }
            var verdict = await restriction.EvaluateAsync(context, Name, cancellationToken);
            var detail = verdict.Detail is null ? "" : $" [{verdict.Detail}]";
            if (warnOnly && verdict.Kind == VerdictKind.Reject)
            {
                trace.Add($"{Parameter}: warn_if_reject {restriction.Name} -> would reject: {verdict.Reply!.ToLogString()}{detail}");
                warnings.Add($"{verdict.Reply.ToLogString()} ({Parameter}: warn_if_reject {restriction.Name}{(verdict.Detail is null ? "" : "; " + verdict.Detail)})");
                warnOnly = false;
                continue;
            }
            warnOnly = false;
            trace.Add($"{Parameter}: {restriction.Name} -> {Describe(verdict)}{detail}");
            if (verdict.Kind != VerdictKind.NoDecision)
            {
                return verdict;
            }
        }
        return Verdict.NoDecision;
    }

    private static string Describe(Verdict verdict) => verdict.Kind switch
    {
        VerdictKind.Permit => "permit",
        VerdictKind.Reject => "reject: " + verdict.Reply!.ToLogString(),
        VerdictKind.Defer => "defer: " + verdict.Reply!.ToLogString(),
        _ => "no decision",
    };
}
