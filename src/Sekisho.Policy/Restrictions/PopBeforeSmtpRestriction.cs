using Sekisho.Protocol.Smtp;

namespace Sekisho.Policy.Restrictions;

/// <summary>
/// <c>permit_pop_before_smtp</c>: permits a client whose address logged in by POP3 within
/// <c>pop_before_smtp_expire</c>. When the authorization store cannot be asked it defers (451 4.3.0), so an outage
/// never turns into an open relay and the client tries again later; mail to our own domains (which needs no relay
/// permission) gets no decision instead, so an outage does not hold up incoming mail.
/// </summary>
internal sealed class PopBeforeSmtpRestriction : IRestriction
{
    private readonly PolicyEnvironment _environment;

    public PopBeforeSmtpRestriction(PolicyEnvironment environment) => _environment = environment;

    public string Name => "permit_pop_before_smtp";

    public async ValueTask<Verdict> EvaluateAsync(RestrictionContext context, RestrictionListName list, CancellationToken cancellationToken)
    {
        return await _environment.PopBeforeSmtp(context.Client.Address, cancellationToken) switch
        {
            true => Verdict.Permit(Name) with { Detail = "POP-before-SMTP authorization for " + context.Client.Address },
            false => Verdict.NoDecision,
            null when context.Recipient is { } recipient && Destination.IsAuthorized(recipient, _environment) => Verdict.NoDecision,
            null => Verdict.Defer(new SmtpReply(451, "4.3.0", "Error: temporary lookup failure (POP-before-SMTP store unavailable)"), Name),
        };
    }
}
