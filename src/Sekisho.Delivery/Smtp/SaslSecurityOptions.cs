namespace Sekisho.Delivery.Smtp;

/// <summary>Which SASL mechanisms the client refuses to use (<c>smtp_sasl_security_options</c> and its TLS twin).</summary>
[Flags]
public enum SaslSecurityOptions
{
    /// <summary>Every mechanism the server offers and MailKit knows may be used.</summary>
    None = 0,

    /// <summary><c>noplaintext</c>: no PLAIN or LOGIN, which send the password itself.</summary>
    NoPlaintext = 1,

    /// <summary><c>noanonymous</c>: no ANONYMOUS.</summary>
    NoAnonymous = 2,
}
