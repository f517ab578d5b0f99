namespace Sekisho.Config;

/// <summary>Delivery to other mail servers (the <c>smtp</c> transport), with Postfix's parameter names.</summary>
public sealed record OutboundSettings
{
    /// <summary><c>relayhost</c>: empty (direct by MX), <c>[host]:port</c> or <c>host:port</c>.</summary>
    public string RelayHost { get; init; } = "";

    /// <summary><c>transport_maps</c>: tables as written (<c>hash:/etc/sekisho/transport</c>).</summary>
    public IReadOnlyList<string> TransportMaps { get; init; } = [];

    /// <summary><c>sender_dependent_relayhost_maps</c>: tables as written.</summary>
    public IReadOnlyList<string> SenderDependentRelayhostMaps { get; init; } = [];

    /// <summary><c>smtp_tls_security_level</c>: none, may, encrypt or verify.</summary>
    public string TlsSecurityLevel { get; init; } = "may";

    /// <summary><c>smtp_sasl_auth_enable</c>.</summary>
    public bool SaslAuthEnable { get; init; }

    /// <summary><c>smtp_sasl_password_maps</c>: tables as written.</summary>
    public IReadOnlyList<string> SaslPasswordMaps { get; init; } = [];

    /// <summary><c>smtp_sasl_security_options</c> words.</summary>
    public IReadOnlyList<string> SaslSecurityOptions { get; init; } = [];

    /// <summary><c>smtp_sasl_tls_security_options</c> words.</summary>
    public IReadOnlyList<string> SaslTlsSecurityOptions { get; init; } = [];

    /// <summary><c>smtp_helo_name</c>.</summary>
    public string HeloName { get; init; } = "";

    /// <summary><c>smtp_dns_servers</c> (Sekisho): <c>host</c> or <c>host:port</c> entries; empty = the system's resolvers.</summary>
    public IReadOnlyList<string> DnsServers { get; init; } = [];

    /// <summary><c>smtp_dns_timeout</c> (Sekisho): time limit for one DNS query.</summary>
    public TimeSpan DnsTimeout { get; init; }

    /// <summary>
    /// No DNS in the SMTP client: <c>smtp_dns_support_level = disabled</c>, or, when that is empty (its default),
    /// <c>disable_dns_lookups = yes</c>.
    /// </summary>
    public bool DisableDnsLookups { get; init; }

    /// <summary><c>smtp_connect_timeout</c>.</summary>
    public TimeSpan ConnectTimeout { get; init; }

    /// <summary><c>smtp_tcp_port</c>: the port of a next hop that names none (MX hosts, <c>relayhost = [host]</c>).</summary>
    public int TcpPort { get; init; } = 25;

    /// <summary><c>smtp_host_lookup</c>: <c>dns</c> and/or <c>native</c>, lower case, in that order, never empty.</summary>
    public IReadOnlyList<string> HostLookup { get; init; } = ["dns"];

    /// <summary><c>inet_protocols</c> includes IPv4 (as the listeners read it).</summary>
    public bool UseIPv4 { get; init; } = true;

    /// <summary><c>inet_protocols</c> includes IPv6 (as the listeners read it).</summary>
    public bool UseIPv6 { get; init; } = true;

    /// <summary><c>smtp_address_preference</c>: <c>any</c>, <c>ipv4</c> or <c>ipv6</c> (lower case).</summary>
    public string AddressPreference { get; init; } = "any";

    /// <summary><c>smtp_mx_address_limit</c>: most addresses tried for one destination, 0 for no limit.</summary>
    public int MxAddressLimit { get; init; } = 5;

    /// <summary><c>smtp_mx_session_limit</c>: most sessions past EHLO/TLS for one destination, 0 for no limit.</summary>
    public int MxSessionLimit { get; init; } = 2;

    /// <summary><c>smtp_skip_5xx_greeting</c>: a 5xx greeting moves on to the next host instead of bouncing.</summary>
    public bool Skip5xxGreeting { get; init; } = true;

    /// <summary>
    /// <c>smtp_connection_cache_time_limit</c> (2 s): how long a session that delivered waits for the next message to
    /// the same server; zero when <c>smtp_connection_cache_on_demand = no</c> turns the cache off.
    /// </summary>
    public TimeSpan ConnectionCacheTimeLimit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary><c>smtp_connection_reuse_time_limit</c> (300 s): a session older than this is not reused.</summary>
    public TimeSpan ConnectionReuseTimeLimit { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>smtp_defer_if_no_mx_address_found</c>: defer instead of bounce when no MX host has an address.</summary>
    public bool DeferIfNoMxAddressFound { get; init; }

    /// <summary><c>smtp_sasl_mechanism_filter</c>: mechanism names (upper case) the client may use; empty for all.</summary>
    public IReadOnlyList<string> SaslMechanismFilter { get; init; } = [];

    /// <summary><c>smtp_helo_timeout</c>: the greeting and each EHLO/HELO.</summary>
    public TimeSpan HeloTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>smtp_starttls_timeout</c>: STARTTLS and the TLS handshake.</summary>
    public TimeSpan StartTlsTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>smtp_mail_timeout</c>: MAIL FROM and its reply.</summary>
    public TimeSpan MailTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>smtp_rcpt_timeout</c>: RCPT TO and its reply.</summary>
    public TimeSpan RcptTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>smtp_data_init_timeout</c>: DATA and its 354 reply.</summary>
    public TimeSpan DataInitTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary><c>smtp_data_xfer_timeout</c>: the longest the content transfer may make no progress.</summary>
    public TimeSpan DataXferTimeout { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary><c>smtp_data_done_timeout</c>: the final "." (or last BDAT chunk) and its reply.</summary>
    public TimeSpan DataDoneTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary><c>smtp_quit_timeout</c>: QUIT and its reply.</summary>
    public TimeSpan QuitTimeout { get; init; } = TimeSpan.FromSeconds(300);
}
