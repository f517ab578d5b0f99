using Sekisho.Protocol.Sasl;

namespace Sekisho.Config;

/// <summary>SMTP AUTH settings (RFC 4954), with Postfix's parameter names where Postfix has one.</summary>
public sealed record SaslSettings
{
    /// <summary><c>smtpd_sasl_auth_enable</c> (Sekisho default yes; Postfix no): offer AUTH.</summary>
    public bool Enabled { get; init; }

    /// <summary><c>smtpd_sasl_mechanisms</c> (Sekisho): the mechanisms that may be offered, in order of preference.</summary>
    public IReadOnlyList<string> Mechanisms { get; init; } = [];

    /// <summary><c>smtpd_sasl_security_options</c>: mechanism properties refused without TLS.</summary>
    public SaslSecurity Excluded { get; init; }

    /// <summary><c>smtpd_sasl_tls_security_options</c>: mechanism properties refused under TLS.</summary>
    public SaslSecurity ExcludedUnderTls { get; init; }

    /// <summary><c>smtpd_tls_auth_only</c> (Sekisho default yes): no AUTH at all before STARTTLS.</summary>
    public bool TlsOnly { get; init; }

    /// <summary><c>broken_sasl_auth_clients</c>: also announce <c>AUTH=...</c> for old Outlook clients.</summary>
    public bool BrokenClients { get; init; }

    /// <summary><c>smtpd_sasl_local_domain</c>: the realm; also a domain a login name may be written with.</summary>
    public string LocalDomain { get; init; } = "";

    /// <summary><c>smtpd_sasl_authenticated_header</c>: name the login in the Received: header.</summary>
    public bool AuthenticatedHeader { get; init; }

    /// <summary><c>smtpd_sender_login_maps</c>: tables of sender address → owning login(s), for <c>reject_sender_login_mismatch</c>.</summary>
    public IReadOnlyList<string> SenderLoginMaps { get; init; } = [];

    /// <summary><c>smtpd_auth_failure_limit</c> (Sekisho): failures per client address within the window before AUTH is refused; 0 = no limit.</summary>
    public int FailureLimit { get; init; }

    /// <summary><c>smtpd_auth_failure_window</c> (Sekisho): how long a failure counts.</summary>
    public TimeSpan FailureWindow { get; init; }

    /// <summary><c>smtpd_auth_penalty_time</c> (Sekisho): the first lock-out; each further one doubles, up to a day.</summary>
    public TimeSpan PenaltyTime { get; init; }

    /// <summary><c>smtpd_auth_failure_delay</c> (Sekisho): the pause before each failure reply.</summary>
    public TimeSpan FailureDelay { get; init; }

    /// <summary>Whether a mechanism stores password-equivalent secrets that must be computed at <c>sekisho user add/passwd</c>.</summary>
    /// <param name="mechanism">CRAM-MD5 or DIGEST-MD5.</param>
    public bool Uses(string mechanism) => Mechanisms.Contains(mechanism, StringComparer.OrdinalIgnoreCase);
}
