using System.Net;

namespace Sekisho.Delivery.Smtp;

/// <summary>
/// Settings of the <c>smtp</c> transport. A plain record: the server fills it from main.cf (each property names
/// its Postfix parameter) and plugs its lookup tables in as delegates that answer a key or null.
/// </summary>
public sealed record SmtpTransportOptions
{
    /// <summary><c>smtp_helo_name</c> (default <c>$myhostname</c>): the EHLO/HELO argument; an MX with this name is this host.</summary>
    public string HeloName { get; init; } = "localhost";

    /// <summary><c>relayhost</c>: empty for direct delivery, else next-hop destinations such as <c>[mail.isp.example]:587</c>.</summary>
    public string RelayHost { get; init; } = "";

    /// <summary><c>transport_maps</c>: a recipient key (<c>user@domain</c>, <c>domain</c>, <c>.parent</c>, <c>*</c>) to <c>transport:nexthop</c>.</summary>
    public Func<string, string?>? TransportMaps { get; init; }

    /// <summary><c>sender_dependent_relayhost_maps</c>: a sender key (<c>user@domain</c>, <c>@domain</c>, <c>&lt;&gt;</c>) to next-hop destinations.</summary>
    public Func<string, string?>? SenderDependentRelayhostMaps { get; init; }

    /// <summary><c>empty_address_relayhost_maps_lookup_key</c> (default <c>&lt;&gt;</c>): the sender key for the null sender.</summary>
    public string EmptyAddressRelayhostMapsLookupKey { get; init; } = "<>";

    /// <summary><c>smtp_tcp_port</c> (default 25): the port when a destination names none.</summary>
    public int DefaultPort { get; init; } = 25;

    /// <summary>
    /// <c>smtp_dns_servers</c> (a Sekisho parameter; Postfix reads resolv.conf): the DNS servers to ask, empty for the system's.
    /// </summary>
    public IReadOnlyList<IPEndPoint> DnsServers { get; init; } = [];

    /// <summary>Time limit of one DNS query (the resolver's own, <c>RES_OPTIONS timeout:</c> in Postfix).</summary>
    public TimeSpan DnsTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>disable_dns_lookups</c> (or <c>smtp_dns_support_level = disabled</c>): no MX lookups, host names resolved natively.</summary>
    public bool DisableDnsLookups { get; init; }

    /// <summary><c>smtp_host_lookup</c> (default <c>dns</c>): how host names become addresses.</summary>
    public SmtpHostLookup HostLookup { get; init; } = SmtpHostLookup.Dns;

    /// <summary><c>inet_protocols</c> includes IPv4 (default yes).</summary>
    public bool UseIPv4 { get; init; } = true;

    /// <summary><c>inet_protocols</c> includes IPv6 (default yes).</summary>
    public bool UseIPv6 { get; init; } = true;

    /// <summary><c>smtp_address_preference</c> (default <c>any</c>).</summary>
    public SmtpAddressPreference AddressPreference { get; init; } = SmtpAddressPreference.Any;

    /// <summary><c>smtp_mx_address_limit</c> (default 5): most addresses tried for one destination, 0 for no limit.</summary>
    public int MxAddressLimit { get; init; } = 5;

    /// <summary><c>smtp_mx_session_limit</c> (default 2): most sessions past EHLO/TLS for one destination, 0 for no limit.</summary>
    public int MxSessionLimit { get; init; } = 2;

    /// <summary><c>smtp_skip_5xx_greeting</c> (default yes): a 5xx greeting moves on to the next host instead of bouncing.</summary>
    public bool Skip5xxGreeting { get; init; } = true;

    /// <summary><c>smtp_defer_if_no_mx_address_found</c> (default no): defer instead of bounce when no MX host has an address.</summary>
    public bool DeferIfNoMxAddressFound { get; init; }

    /// <summary><c>smtp_tls_security_level</c> (default empty, i.e. <c>none</c>).</summary>
    public SmtpTlsLevel TlsSecurityLevel { get; init; } = SmtpTlsLevel.None;

    /// <summary><c>smtp_sasl_auth_enable</c> (default no): authenticate when credentials are found.</summary>
    public bool SaslAuthEnable { get; init; }

    /// <summary><c>smtp_sasl_password_maps</c>: a next-hop key (<c>[host]:port</c>, then <c>host</c>) to <c>user:password</c>.</summary>
    public Func<string, string?>? SaslPasswordMaps { get; init; }

    /// <summary><c>smtp_sasl_security_options</c> (default <c>noplaintext, noanonymous</c>): for sessions without TLS.</summary>
    public SaslSecurityOptions SaslSecurityOptions { get; init; } = SaslSecurityOptions.NoPlaintext | SaslSecurityOptions.NoAnonymous;

    /// <summary>
    /// <c>smtp_sasl_tls_security_options</c>: for TLS sessions. Sekisho's default is <c>noanonymous</c>, so PLAIN and LOGIN
    /// are allowed under TLS only (Postfix's default copies <c>smtp_sasl_security_options</c>).
    /// </summary>
    public SaslSecurityOptions SaslTlsSecurityOptions { get; init; } = SaslSecurityOptions.NoAnonymous;

    /// <summary><c>smtp_sasl_mechanism_filter</c>: the mechanisms that may be used, empty for all.</summary>
    public IReadOnlyList<string> SaslMechanismFilter { get; init; } = [];

    /// <summary>
    /// <c>smtp_connection_cache_time_limit</c> (2 s): how long a session that delivered a message waits for the next one
    /// to the same server (same TLS level and login); zero turns the cache off (<c>smtp_connection_cache_on_demand = no</c>).
    /// </summary>
    public TimeSpan ConnectionCacheTimeLimit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary><c>smtp_connection_reuse_time_limit</c> (300 s): a session older than this is not reused.</summary>
    public TimeSpan ConnectionReuseTimeLimit { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>The <c>smtp_*_timeout</c> parameters.</summary>
    public SmtpTimeouts Timeouts { get; init; } = new();

    /// <summary>
    /// Largest header section read into memory to send a message (Postfix's <c>header_size_limit</c> is 102400);
    /// a longer one bounces the message.
    /// </summary>
    public int HeaderSectionLimit { get; init; } = 1024 * 1024;
}
