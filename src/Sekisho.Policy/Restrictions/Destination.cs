using Sekisho.Protocol.Smtp;

namespace Sekisho.Policy.Restrictions;

/// <summary>
/// Where a recipient address points, seen the way Postfix's <c>reject_unauth_destination</c> sees it. A
/// local part that still routes after unquoting (<c>user%other@local</c>, <c>other!user@local</c>,
/// <c>"user@other"@local</c>) is sender-specified routing: it is never an authorized destination, so an
/// untrusted client gets "Relay access denied" instead of a chance to smuggle a relay through our domain.
/// A source route (<c>@a,@b:user@dom</c>) is ignored, as RFC 5321 C says; the final domain decides.
/// </summary>
public static class Destination
{
    /// <summary>True when the local part carries routing of its own (<c>%</c>, <c>!</c> or <c>@</c>).</summary>
    /// <param name="recipient">The RCPT path.</param>
    public static bool HasSenderRouting(SmtpPath recipient) => recipient.LocalPart.AsSpan().IndexOfAny("%!@") >= 0;

    /// <summary>True when mail to <paramref name="recipient"/> is delivered here (local domain, no sender routing).</summary>
    public static bool IsLocal(SmtpPath recipient, PolicyEnvironment environment) =>
        !HasSenderRouting(recipient) && (recipient.Domain.Length == 0 || environment.IsLocalDomain(recipient.Domain));

    /// <summary>
    /// True when anyone may send to <paramref name="recipient"/>: its domain is local or in <c>relay_domains</c>
    /// and its local part does not route elsewhere (Postfix <c>permit_auth_destination</c>).
    /// </summary>
    public static bool IsAuthorized(SmtpPath recipient, PolicyEnvironment environment)
    {
        if (HasSenderRouting(recipient))
        {
            return false;
        }
        var domain = recipient.Domain;
        return domain.Length == 0 // RCPT TO:<postmaster> (RFC 5321 4.5.1)
            || environment.IsLocalDomain(domain) || environment.IsRelayDomain(domain);
    }
}
