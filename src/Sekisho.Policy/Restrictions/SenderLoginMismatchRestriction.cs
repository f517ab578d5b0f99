using Sekisho.Protocol.Smtp;

namespace Sekisho.Policy.Restrictions;

/// <summary>
/// Postfix's sender/login checks: who may use a MAIL FROM address. <c>reject_sender_login_mismatch</c> refuses a
/// client that is not logged in as an owner of an owned address, and a logged-in client whose login does not own
/// the address; <c>reject_authenticated_sender_login_mismatch</c> only the second, and
/// <c>reject_unauthenticated_sender_login_mismatch</c> only the first. The null sender is not checked. A login
/// written <c>name@domain</c> with a local domain counts as <c>name</c>.
/// </summary>
internal sealed class SenderLoginMismatchRestriction : IRestriction
{
    private readonly PolicyEnvironment _environment;
    private readonly bool _checkAuthenticated;
    private readonly bool _checkUnauthenticated;

    public SenderLoginMismatchRestriction(string name, PolicyEnvironment environment)
    {
        Name = name;
        _environment = environment;
        _checkAuthenticated = name != "reject_unauthenticated_sender_login_mismatch";
        _checkUnauthenticated = name != "reject_authenticated_sender_login_mismatch";
    }

    public string Name { get; }

    public ValueTask<Verdict> EvaluateAsync(RestrictionContext context, RestrictionListName list, CancellationToken cancellationToken)
    {
        if (context.Sender is not { IsNull: false } sender)
        {
            return ValueTask.FromResult(Verdict.NoDecision);
        }
        var owners = _environment.SenderLoginOwners(sender.Address);
        if (context.SaslUser is not { } login)
        {
            return ValueTask.FromResult(_checkUnauthenticated && owners is { Count: > 0 }
                ? Reject(sender, "not logged in")
                : Verdict.NoDecision);
        }
        return ValueTask.FromResult(_checkAuthenticated && !Owns(login, owners)
            ? Reject(sender, "not owned by user " + login)
            : Verdict.NoDecision);
    }

    private bool Owns(string login, IReadOnlyList<string>? owners)
    {
        if (owners is null)
        {
            return false;
        }
        var at = login.LastIndexOf('@');
        var local = at > 0 && _environment.IsLocalDomain(login[(at + 1)..]) ? login[..at] : login;
        return owners.Any(owner => owner.Equals(login, StringComparison.OrdinalIgnoreCase) || owner.Equals(local, StringComparison.OrdinalIgnoreCase));
    }

    private Verdict Reject(SmtpPath sender, string why) =>
        Verdict.Reject(new SmtpReply(553, "5.7.1", $"<{sender.Address}>: Sender address rejected: {why}"), Name);
}
