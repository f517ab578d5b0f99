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

    /// <summary><c>disable_dns_lookups</c>.</summary>
    public bool DisableDnsLookups { get; init; }

    /// <summary><c>smtp_connect_timeout</c>.</summary>
    public TimeSpan ConnectTimeout { get; init; }

    /// <summary><c>smtp_tcp_port</c>: the port of a next hop that names none (MX hosts, <c>relayhost = [host]</c>).</summary>
    public int TcpPort { get; init; } = 25;
}
