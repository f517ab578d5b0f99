namespace Sekisho.EndToEnd.Tests.Auth;

/// <summary>Configuration lines shared by the AUTH tests.</summary>
internal static class AuthConfig
{
    /// <summary>Every mechanism on, AUTH also before STARTTLS on the MX port, no failure delay: what the client tests need.</summary>
    public const string AllMechanismsWithoutTls = """
        smtpd_sasl_mechanisms = PLAIN LOGIN CRAM-MD5 DIGEST-MD5 SCRAM-SHA-256 SCRAM-SHA-1
        smtpd_tls_auth_only = no
        smtpd_auth_failure_delay = 0
        """;

    /// <summary>The client that plays an outsider: not in <c>mynetworks</c> (127.0.0.1/32).</summary>
    public const string Outside = "127.0.0.2";
}
