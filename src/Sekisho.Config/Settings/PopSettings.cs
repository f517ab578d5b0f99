namespace Sekisho.Config;

/// <summary>The POP3 server and POP-before-SMTP settings.</summary>
public sealed record PopSettings
{
    /// <summary><c>pop3_timeout</c> (Sekisho): idle time before a POP3 session is closed (RFC 1939: at least 10 minutes).</summary>
    public TimeSpan Timeout { get; init; }

    /// <summary><c>pop3_enable_apop</c> (Sekisho): offer APOP (needs a password-equivalent secret per account).</summary>
    public bool EnableApop { get; init; }

    /// <summary><c>pop_before_smtp_expire</c> (Sekisho): how long a POP3 login lets its address relay.</summary>
    public TimeSpan Expire { get; init; }

    /// <summary><c>pop_before_smtp_ipv6_prefix</c> (Sekisho): IPv6 clients are authorized by this prefix (128 = exact address).</summary>
    public int Ipv6Prefix { get; init; }

    /// <summary><c>relay_authorization_store</c> (Sekisho): empty for the SQLite file in the data directory, or <c>redis://host:port/db</c>.</summary>
    public string Store { get; init; } = "";

    /// <summary><c>pop_before_smtp_updaters</c> (Sekisho, DRAC's dracd.allow): nodes whose POP3 logins count; empty = every node.</summary>
    public IReadOnlyList<string> Updaters { get; init; } = [];
}
