namespace Sekisho.Delivery.Smtp;

/// <summary>The SMTP client's TLS security level (<c>smtp_tls_security_level</c>).</summary>
public enum SmtpTlsLevel
{
    /// <summary>No TLS: STARTTLS is never sent.</summary>
    None,

    /// <summary>Opportunistic TLS: STARTTLS when offered, certificate not checked, plaintext when not offered or when the handshake fails.</summary>
    May,

    /// <summary>Mandatory encryption: STARTTLS required, certificate not checked.</summary>
    Encrypt,

    /// <summary>Mandatory encryption with a certificate that is trusted and matches the server's host name.</summary>
    Verify,
}
