using Sekisho.Protocol.Smtp;

namespace Sekisho.Policy.Restrictions;

/// <summary><c>reject_unlisted_recipient</c>: a recipient in a local domain must exist (as an alias or an account).</summary>
internal sealed class UnlistedRecipientRestriction : IRestriction
{
    private readonly PolicyEnvironment _environment;

    public UnlistedRecipientRestriction(PolicyEnvironment environment) => _environment = environment;

    public string Name => "reject_unlisted_recipient";

    public async ValueTask<Verdict> EvaluateAsync(RestrictionContext context, RestrictionListName list, CancellationToken cancellationToken)
    {
        if (context.Recipient is not { } recipient || !Destination.IsLocal(recipient, _environment))
        {
            return Verdict.NoDecision;
        }
        return await _environment.LocalRecipientExists(recipient, cancellationToken)
            ? Verdict.NoDecision
            : Verdict.Reject(SmtpReply.UserUnknown(recipient.Address), Name);
    }
}
