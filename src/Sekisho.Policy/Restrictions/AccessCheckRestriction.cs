using Sekisho.Policy.Tables;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Policy.Restrictions;

/// <summary>
/// <c>check_client_access</c>, <c>check_helo_access</c>, <c>check_sender_access</c>, <c>check_recipient_access</c>:
/// the table decides. A Sendmail <c>OK</c> (accept, but no relaying) permits everywhere except in the relay list.
/// </summary>
internal sealed class AccessCheckRestriction : IRestriction
{
    private readonly string _restriction;
    private readonly IAccessTable _table;

    public AccessCheckRestriction(string restriction, IAccessTable table)
    {
        _restriction = restriction;
        _table = table;
    }

    public string Name => _restriction + " " + _table.Name;

    public ValueTask<Verdict> EvaluateAsync(RestrictionContext context, RestrictionListName list, CancellationToken cancellationToken)
    {
        var (match, subject, what) = _restriction switch
        {
            "check_client_access" => (_table.FindClient(context.Client.Address, context.Client.Name), $"{context.Client.Name}[{context.Client.Address}]", "Client host rejected"),
            "check_helo_access" => (context.Client.Helo.Length == 0 ? null : _table.FindHelo(context.Client.Helo), context.Client.Helo, "Helo command rejected"),
            "check_sender_access" => (context.Sender is { } s ? _table.FindSender(s.Address) : null, context.Sender?.Address ?? "", "Sender address rejected"),
            "check_recipient_access" => (context.Recipient is { } r ? _table.FindRecipient(r.Address) : null, context.Recipient?.Address ?? "", "Recipient address rejected"),
            _ => throw new InvalidOperationException("not an access check: " + _restriction),
        };
        return ValueTask.FromResult(match is null ? Verdict.NoDecision : Decide(match, subject, what, list));
    }

    private Verdict Decide(AccessMatch match, string subject, string what, RestrictionListName list)
    {
        var detail = $"{match.Source} {match.Key} {match.RawValue}";
        switch (match.Action)
        {
            case AccessAction.Permit:
            case AccessAction.PermitNoRelay when list != RestrictionListName.Relay:
                return Verdict.Permit(Name) with { Detail = detail };
            case AccessAction.Reject:
            case AccessAction.Discard:
                return Verdict.Reject(Reply(match, 554, "5.7.1", subject, what), Name) with { Detail = detail };
            case AccessAction.Defer:
                return Verdict.Defer(Reply(match, 450, "4.7.1", subject, what), Name) with { Detail = detail };
            default:
                return Verdict.NoDecision with { Detail = detail };
        }
    }

    private static SmtpReply Reply(AccessMatch match, int code, string enhanced, string subject, string what) =>
        new(match.Code ?? code, match.EnhancedCode ?? (match.Code is { } c ? $"{c / 100}.7.1" : enhanced),
            $"<{subject}>: {what}: {match.Text ?? "Access denied"}");
}
