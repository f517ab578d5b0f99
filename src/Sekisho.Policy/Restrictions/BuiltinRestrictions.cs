using Sekisho.Protocol.Smtp;

namespace Sekisho.Policy.Restrictions;

/// <summary>
/// The built-in restrictions by name, with Postfix's replies. Each reads like its name:
/// <c>permit_mynetworks</c> permits a trusted client; <c>reject_unauth_destination</c> rejects a recipient
/// that is neither ours nor a relay domain unless something earlier permitted the client.
/// </summary>
public static class BuiltinRestrictions
{
    /// <summary>Creates the built-in restriction <paramref name="name"/>, or null when it is not a built-in.</summary>
    /// <param name="name">The restriction name.</param>
    /// <param name="environment">What the restrictions consult.</param>
    public static IRestriction? Create(string name, PolicyEnvironment environment) => name switch
    {
        "permit" => new SimpleRestriction(name, static (_, _) => Verdict.Permit("permit")),
        "reject" => new SimpleRestriction(name, static (_, _) => Verdict.Reject(new SmtpReply(554, "5.7.1", "Access denied"), "reject")),
        "defer" => new SimpleRestriction(name, static (_, _) => Verdict.Defer(new SmtpReply(450, "4.7.1", "Try again later"), "defer")),
        "permit_mynetworks" => new SimpleRestriction(name, (context, _) =>
            environment.MyNetworks(context.Client.Address, context.Client.Name) is { } entry
                ? Verdict.Permit(name) with { Detail = "mynetworks: " + entry }
                : Verdict.NoDecision),
        "permit_sasl_authenticated" => new SimpleRestriction(name, static (context, _) =>
            context.SaslUser is not null ? Verdict.Permit("permit_sasl_authenticated") with { Detail = "sasl_username=" + context.SaslUser } : Verdict.NoDecision),
        "permit_pop_before_smtp" => new PopBeforeSmtpRestriction(environment),
        "permit_auth_destination" => new SimpleRestriction(name, (context, _) =>
            context.Recipient is { } recipient && Destination.IsAuthorized(recipient, environment) ? Verdict.Permit(name) : Verdict.NoDecision),
        "reject_unauth_destination" => new SimpleRestriction(name, (context, _) =>
            context.Recipient is { } recipient && !Destination.IsAuthorized(recipient, environment)
                ? Verdict.Reject(SmtpReply.RelayDenied(recipient.Address), name)
                : Verdict.NoDecision),
        "defer_unauth_destination" => new SimpleRestriction(name, (context, _) =>
            context.Recipient is { } recipient && !Destination.IsAuthorized(recipient, environment)
                ? Verdict.Defer(new SmtpReply(454, "4.7.1", $"<{recipient.Address}>: Relay access denied"), name)
                : Verdict.NoDecision),
        "reject_unlisted_recipient" => new UnlistedRecipientRestriction(environment),
        "reject_sender_login_mismatch" or "reject_authenticated_sender_login_mismatch" or "reject_unauthenticated_sender_login_mismatch"
            => new SenderLoginMismatchRestriction(name, environment),
        "reject_non_fqdn_sender" => new SimpleRestriction(name, static (context, _) =>
            context.Sender is { IsNull: false } sender && !IsFullyQualified(sender.Domain)
                ? Verdict.Reject(new SmtpReply(504, "5.5.2", $"<{sender.Address}>: Sender address rejected: need fully-qualified address"), "reject_non_fqdn_sender")
                : Verdict.NoDecision),
        "reject_non_fqdn_recipient" => new SimpleRestriction(name, static (context, _) =>
            context.Recipient is { } recipient && recipient.Domain.Length > 0 && !IsFullyQualified(recipient.Domain)
                ? Verdict.Reject(new SmtpReply(504, "5.5.2", $"<{recipient.Address}>: Recipient address rejected: need fully-qualified address"), "reject_non_fqdn_recipient")
                : Verdict.NoDecision),
        "reject_non_fqdn_helo_hostname" => new SimpleRestriction(name, static (context, _) =>
            context.Client.Helo.Length > 0 && !context.Client.Helo.StartsWith('[') && !IsFullyQualified(context.Client.Helo)
                ? Verdict.Reject(new SmtpReply(504, "5.5.2", $"<{context.Client.Helo}>: Helo command rejected: need fully-qualified hostname"), "reject_non_fqdn_helo_hostname")
                : Verdict.NoDecision),
        "reject_invalid_helo_hostname" => new SimpleRestriction(name, static (context, _) =>
            context.Client.Helo.Length > 0 && !HeloSyntax.IsValid(context.Client.Helo)
                ? Verdict.Reject(new SmtpReply(501, "5.5.2", $"<{context.Client.Helo}>: Helo command rejected: Invalid name"), "reject_invalid_helo_hostname")
                : Verdict.NoDecision),
        "reject_unauth_pipelining" => new SimpleRestriction(name, static (context, _) =>
            context.ImproperPipelining
                ? Verdict.Reject(new SmtpReply(554, "5.5.0", "Error: improper use of SMTP command pipelining"), "reject_unauth_pipelining")
                : Verdict.NoDecision),
        _ => null,
    };

    /// <summary>A domain with at least one dot that is not at the end (an address literal counts as qualified).</summary>
    public static bool IsFullyQualified(string domain)
    {
        if (domain.StartsWith('['))
        {
            return true;
        }
        var trimmed = domain.TrimEnd('.');
        var dot = trimmed.IndexOf('.');
        return dot > 0 && dot < trimmed.Length - 1;
    }
}
