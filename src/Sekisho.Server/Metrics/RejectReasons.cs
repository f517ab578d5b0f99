using Sekisho.Protocol.Smtp;

namespace Sekisho.Server.Metrics;

/// <summary>
/// Sorts a refusal into a small, fixed set of reason classes for <c>sekisho_rejects_total{reason}</c>:
/// <c>relay_denied</c>, <c>unknown_user</c>, <c>client</c>, <c>helo</c>, <c>sender</c>, <c>recipient</c>, <c>data</c>,
/// <c>pipelining</c>, <c>size</c>, <c>auth_required</c>, <c>content</c>, <c>temporary</c> and <c>other</c>. The restriction
/// that refused goes into its own label, so the classes stay few whatever the restriction lists say.
/// </summary>
internal static class RejectReasons
{
    /// <summary>The reason class of a refusal by a restriction list or the local recipient table.</summary>
    /// <param name="list">The list that refused (<c>smtpd_relay_restrictions</c>), or null for the local recipient table.</param>
    /// <param name="restriction">The restriction (<c>reject_unauth_destination</c>, <c>check_client_access</c>, <c>local_recipient_table</c>).</param>
    public static string Classify(string? list, string restriction) => restriction switch
    {
        "reject_unauth_destination" or "defer_unauth_destination" => "relay_denied",
        "local_recipient_table" or "reject_unlisted_recipient" => "unknown_user",
        "reject_unauth_pipelining" => "pipelining",
        "smtpd_auth_required" => "auth_required",
        "message_size_limit" => "size",
        "reject_sender_login_mismatch" or "reject_unlisted_sender" or "reject_non_fqdn_sender" => "sender",
        "reject_non_fqdn_helo_hostname" or "reject_invalid_helo_hostname" => "helo",
        _ => list switch
        {
            "smtpd_client_restrictions" => "client",
            "smtpd_helo_restrictions" => "helo",
            "smtpd_sender_restrictions" => "sender",
            "smtpd_relay_restrictions" => "relay_denied",
            "smtpd_recipient_restrictions" => "recipient",
            "smtpd_data_restrictions" => "data",
            _ => "other",
        },
    };

    /// <summary>
    /// The reason class and restriction of a MAIL FROM parameter error that policy, not syntax, refused: <c>552</c>
    /// (<c>SIZE=</c> over <c>message_size_limit</c>); null for the rest.
    /// </summary>
    public static (string Reason, string Restriction)? OfMail(SmtpReply reply) => reply.Code == 552 ? ("size", "message_size_limit") : null;

    /// <summary>The reason class and restriction of a refused message content (after DATA or the last BDAT).</summary>
    public static (string Reason, string Restriction) OfContent(SmtpReply reply) => reply switch
    {
        { Code: 552 } => ("size", "message_size_limit"),
        { Code: 550, EnhancedCode: "5.5.2" } => ("content", "smtpd_forbid_bare_newline"),
        { Code: >= 400 and < 500 } => ("temporary", "none"),
        _ => ("content", "none"),
    };
}
