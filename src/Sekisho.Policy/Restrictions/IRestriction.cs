namespace Sekisho.Policy.Restrictions;

/// <summary>One restriction of a list (Postfix smtpd_*_restrictions): answers no decision, permit, reject or defer.</summary>
public interface IRestriction
{
    /// <summary>The restriction as written, e.g. <c>check_client_access cidr:/etc/postfix/clients</c>.</summary>
    string Name { get; }

    /// <summary>Decides.</summary>
    /// <param name="context">The session facts.</param>
    /// <param name="list">The list being evaluated (some restrictions answer differently in the relay list).</param>
    /// <param name="cancellationToken">Session end.</param>
    ValueTask<Verdict> EvaluateAsync(RestrictionContext context, RestrictionListName list, CancellationToken cancellationToken);
}
