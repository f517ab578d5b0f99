namespace Sekisho.Config;

/// <summary>The SMTP restriction names Sekisho understands, and what argument each takes.</summary>
public static class RestrictionNames
{
    /// <summary>Restrictions that stand alone.</summary>
    public static IReadOnlySet<string> Simple { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "permit", "reject", "defer", "defer_if_permit", "defer_if_reject", "warn_if_reject",
        "permit_mynetworks", "permit_sasl_authenticated", "permit_pop_before_smtp", "permit_auth_destination",
        "reject_unauth_destination", "defer_unauth_destination",
        "reject_unlisted_recipient", "reject_unlisted_sender",
        "reject_unknown_recipient_domain", "reject_unknown_sender_domain",
        "reject_non_fqdn_sender", "reject_non_fqdn_recipient", "reject_non_fqdn_helo_hostname",
        "reject_invalid_helo_hostname", "reject_unknown_helo_hostname", "reject_unauth_pipelining",
        "reject_unknown_client_hostname", "reject_unknown_reverse_client_hostname",
        "reject_sender_login_mismatch", "reject_authenticated_sender_login_mismatch", "reject_unauthenticated_sender_login_mismatch",
    };

    /// <summary>Restrictions followed by a lookup table argument (<c>type:name</c>).</summary>
    public static IReadOnlySet<string> TakingTable { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "check_client_access", "check_helo_access", "check_sender_access", "check_recipient_access",
    };

    /// <summary>Restrictions followed by a DNS list domain argument.</summary>
    public static IReadOnlySet<string> TakingDomain { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "reject_rbl_client",
    };

    /// <summary>Postfix restrictions Sekisho cannot enforce yet; naming one is an error, never silently ignored.</summary>
    public static IReadOnlySet<string> PostfixOnly { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "check_policy_service", "check_sasl_access", "check_ccert_access", "check_reverse_client_hostname_access",
        "check_client_a_access", "check_client_mx_access", "check_client_ns_access",
        "check_helo_a_access", "check_helo_mx_access", "check_helo_ns_access",
        "check_sender_a_access", "check_sender_mx_access", "check_sender_ns_access",
        "check_recipient_a_access", "check_recipient_mx_access", "check_recipient_ns_access",
        "permit_tls_clientcerts", "permit_tls_all_clientcerts", "permit_dnswl_client", "permit_rhswl_client",
        "reject_rhsbl_client", "reject_rhsbl_sender", "reject_rhsbl_helo", "reject_rhsbl_recipient",
        "reject_rhsbl_reverse_client", "reject_known_sender_login_mismatch",
        "reject_unverified_recipient", "reject_unverified_sender", "reject_plaintext_session",
        "reject_multi_recipient_bounce", "reject_unlisted_recipient_domain", "permit_inet_interfaces",
        "permit_mx_backup", "reject_unknown_client", "reject_unknown_hostname", "reject_invalid_hostname",
        "reject_non_fqdn_hostname", "sleep",
    };

    /// <summary>Restrictions that reject or defer mail to destinations the client may not relay to.</summary>
    public static IReadOnlySet<string> RelayControl { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "reject_unauth_destination", "defer_unauth_destination", "reject", "defer",
    };
}
