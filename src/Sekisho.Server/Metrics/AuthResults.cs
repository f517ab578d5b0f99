using Sekisho.Protocol.Pop3;
using Sekisho.Protocol.Sasl;
using Sekisho.Server.Auth;
using Sekisho.Server.Pop3;

namespace Sekisho.Server.Metrics;

/// <summary>
/// Turns how a login ended into the labels of <c>sekisho_auth_total</c>: the mechanism (one Sekisho implements,
/// <c>USER</c> or <c>APOP</c> for POP3, else <c>other</c>, so a client cannot invent label values) and the result:
/// <c>success</c>, <c>failure</c> (wrong credentials or a malformed response: what the failure throttle counts),
/// <c>aborted</c> (the client cancelled or went away), <c>refused</c> (mechanism not offered, or encryption required),
/// <c>throttled</c> (locked out after too many failures) or <c>tempfail</c> (the credential store could not be read).
/// </summary>
internal static class AuthResults
{
    /// <summary>The mechanism label for a name a client sent.</summary>
    public static string Mechanism(string? name) => name switch
    {
        null or "" => "none",
        "USER" or "APOP" => name,
        _ => SaslMechanismFactory.Supported.Contains(name, StringComparer.Ordinal) ? name : "other",
    };

    /// <summary>The result label of an SMTP AUTH command.</summary>
    public static string Of(AuthOutcome outcome) => outcome switch
    {
        { User: not null } => "success",
        { Reply: null } => "aborted",
        { Reply.Code: 535 } or { Reply: { Code: 501, EnhancedCode: "5.5.2" } } => "failure",
        { Reply: { Code: 501, EnhancedCode: "5.7.0" } } => "aborted",
        { Reply.Code: 421 } => "throttled",
        { Reply.Code: 454 } => "tempfail",
        _ => "refused",
    };

    /// <summary>The result label of a POP3 login (USER/PASS, APOP or AUTH).</summary>
    public static string Of(Pop3LoginOutcome outcome)
    {
        if (outcome.Succeeded)
        {
            return "success";
        }
        var reply = outcome.Reply;
        if (reply is null || ReferenceEquals(reply, Pop3Reply.AuthenticationAborted))
        {
            return "aborted";
        }
        if (ReferenceEquals(reply, Pop3Reply.AuthenticationFailed) || ReferenceEquals(reply, Pop3Reply.InvalidBase64))
        {
            return "failure";
        }
        if (ReferenceEquals(reply, Pop3ServerReplies.TooManyAuthenticationFailures))
        {
            return "throttled";
        }
        return ReferenceEquals(reply, Pop3Reply.TemporaryAuthenticationFailure) ? "tempfail" : "refused";
    }
}
