using System.Net;

namespace Sekisho.Config;

/// <summary>Reads and checks <see cref="OutboundSettings"/>.</summary>
internal static class OutboundSettingsReader
{
    private static readonly string[] TlsLevels = ["none", "may", "encrypt", "verify", "secure", "dane", "dane-only", ""];
    private static readonly string[] SaslWords = ["noplaintext", "noanonymous", "noactive", "nodictionary", "mutual_auth"];
    private static readonly string[] HostLookups = ["dns", "native"];
    private static readonly string[] AddressPreferences = ["any", "ipv4", "ipv6"];

    // The service names smtp_tcp_port may use instead of a number (as NextHop accepts after a colon).
    private static readonly Dictionary<string, int> PortNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["smtp"] = 25,
        ["submission"] = 587,
        ["submissions"] = 465,
        ["smtps"] = 465,
        ["lmtp"] = 24,
    };

    /// <summary>The settings.</summary>
    /// <param name="reader">The configuration.</param>
    /// <param name="protocols">The address families of <c>inet_protocols</c>, as <see cref="ListenerReader"/> validated and read them.</param>
    /// <exception cref="ConfigException">
    /// A bad TLS level, security option, DNS server or DNS support level, time, port, limit, host lookup, address
    /// preference or SASL mechanism name.
    /// </exception>
    public static OutboundSettings Read(SettingReader reader, (bool IPv4, bool IPv6) protocols)
    {
        var level = reader.Text("smtp_tls_security_level").Trim().ToLowerInvariant();
        if (!TlsLevels.Contains(level))
        {
            throw reader.Error("smtp_tls_security_level", $"unknown level \"{level}\" (none, may, encrypt, verify)");
        }
        if (level is "secure" or "dane" or "dane-only")
        {
            reader.Warn("smtp_tls_security_level", $"\"{level}\" is not supported yet: using verify");
            level = "verify";
        }
        var dnsServers = reader.List("smtp_dns_servers");
        foreach (var server in dnsServers)
        {
            if (!IPEndPoint.TryParse(server, out _) && !IPAddress.TryParse(server.Trim('[', ']'), out _))
            {
                throw reader.Error("smtp_dns_servers", $"\"{server}\" is not an IP address or address:port");
            }
        }
        return new OutboundSettings
        {
            RelayHost = reader.Text("relayhost").Trim(),
            TransportMaps = reader.List("transport_maps"),
            SenderDependentRelayhostMaps = reader.List("sender_dependent_relayhost_maps"),
            TlsSecurityLevel = level.Length == 0 ? "none" : level,
            SaslAuthEnable = reader.Boolean("smtp_sasl_auth_enable"),
            SaslPasswordMaps = reader.List("smtp_sasl_password_maps"),
            SaslSecurityOptions = Words(reader, "smtp_sasl_security_options"),
            SaslTlsSecurityOptions = Words(reader, "smtp_sasl_tls_security_options"),
            HeloName = reader.HostName("smtp_helo_name"),
            DnsServers = dnsServers,
            DnsTimeout = reader.Time("smtp_dns_timeout", TimeSpan.FromSeconds(1)),
            DisableDnsLookups = DnsDisabled(reader),
            ConnectTimeout = reader.Time("smtp_connect_timeout", TimeSpan.FromSeconds(1)),
            TcpPort = Port(reader, "smtp_tcp_port"),
            HostLookup = HostLookup(reader),
            UseIPv4 = protocols.IPv4,
            UseIPv6 = protocols.IPv6,
            AddressPreference = AddressPreference(reader),
            MxAddressLimit = reader.Integer("smtp_mx_address_limit"),
            MxSessionLimit = reader.Integer("smtp_mx_session_limit"),
            Skip5xxGreeting = reader.Boolean("smtp_skip_5xx_greeting"),
            ConnectionCacheTimeLimit = reader.Boolean("smtp_connection_cache_on_demand")
                ? reader.Time("smtp_connection_cache_time_limit", TimeSpan.FromSeconds(1))
                : TimeSpan.Zero,
            ConnectionReuseTimeLimit = reader.Time("smtp_connection_reuse_time_limit", TimeSpan.FromSeconds(1)),
            DeferIfNoMxAddressFound = reader.Boolean("smtp_defer_if_no_mx_address_found"),
            SaslMechanismFilter = MechanismFilter(reader),
            HeloTimeout = reader.Time("smtp_helo_timeout", TimeSpan.FromSeconds(1)),
            StartTlsTimeout = reader.Time("smtp_starttls_timeout", TimeSpan.FromSeconds(1)),
            MailTimeout = reader.Time("smtp_mail_timeout", TimeSpan.FromSeconds(1)),
            RcptTimeout = reader.Time("smtp_rcpt_timeout", TimeSpan.FromSeconds(1)),
            DataInitTimeout = reader.Time("smtp_data_init_timeout", TimeSpan.FromSeconds(1)),
            DataXferTimeout = reader.Time("smtp_data_xfer_timeout", TimeSpan.FromSeconds(1)),
            DataDoneTimeout = reader.Time("smtp_data_done_timeout", TimeSpan.FromSeconds(1)),
            QuitTimeout = reader.Time("smtp_quit_timeout", TimeSpan.FromSeconds(1)),
        };
    }

    /// <summary>
    /// <c>smtp_dns_support_level</c> as Postfix reads it: <c>disabled</c> turns DNS off, <c>enabled</c> (and
    /// <c>dnssec</c>, not supported yet) on; left empty, the legacy <c>disable_dns_lookups</c> decides.
    /// </summary>
    private static bool DnsDisabled(SettingReader reader)
    {
        const string name = "smtp_dns_support_level";
        var legacy = reader.Boolean("disable_dns_lookups");
        var level = reader.Text(name).Trim();
        switch (level.ToLowerInvariant())
        {
            case "":
                return legacy;
            case "disabled":
                return true;
            case "enabled":
                return false;
            case "dnssec":
                reader.Warn(name, "\"dnssec\" is not supported yet: using enabled (no DNSSEC validation)");
                return false;
            default:
                throw reader.Error(name, $"unknown level \"{level}\" (use enabled, disabled, dnssec or leave empty)");
        }
    }

    /// <summary><c>smtp_host_lookup</c>: <c>dns</c>, <c>native</c> or both, returned in that order.</summary>
    private static IReadOnlyList<string> HostLookup(SettingReader reader)
    {
        const string name = "smtp_host_lookup";
        var words = reader.List(name);
        if (words.Count == 0)
        {
            throw reader.Error(name, "empty value (use dns, native or dns, native)");
        }
        foreach (var word in words.Where(w => !HostLookups.Contains(w.ToLowerInvariant())))
        {
            throw reader.Error(name, $"unknown lookup \"{word}\" (use dns, native or dns, native)");
        }
        return [.. HostLookups.Where(l => words.Contains(l, StringComparer.OrdinalIgnoreCase))];
    }

    /// <summary><c>smtp_address_preference</c>: <c>any</c>, <c>ipv4</c> or <c>ipv6</c>, lower case.</summary>
    private static string AddressPreference(SettingReader reader)
    {
        const string name = "smtp_address_preference";
        var text = reader.RequiredText(name);
        return AddressPreferences.Contains(text.ToLowerInvariant())
            ? text.ToLowerInvariant()
            : throw reader.Error(name, $"unknown preference \"{text}\" (use any, ipv4 or ipv6)");
    }

    /// <summary>
    /// <c>smtp_sasl_mechanism_filter</c>: SASL mechanism names (RFC 4422: up to 20 letters, digits, hyphens and
    /// underscores), upper-cased. Postfix's <c>!name</c> exclusions, <c>/file</c> patterns and <c>type:table</c> lookups are refused, so
    /// a filter is never silently widened.
    /// </summary>
    /// <summary>
    /// <c>smtp_sasl_mechanism_filter</c> as a Postfix match list, first match wins: <c>NAME</c> allows, <c>!NAME</c>
    /// excludes, <c>static:all</c> (kept as <c>*</c>) matches any. Files and other tables are not supported yet.
    /// </summary>
    private static IReadOnlyList<string> MechanismFilter(SettingReader reader)
    {
        const string name = "smtp_sasl_mechanism_filter";
        var entries = new List<string>();
        foreach (var entry in reader.List(name))
        {
            var negated = entry.StartsWith('!');
            var item = negated ? entry[1..] : entry;
            if (item.Equals("static:all", StringComparison.OrdinalIgnoreCase))
            {
                entries.Add(negated ? "!*" : "*");
                continue;
            }
            if (item.StartsWith('/') || item.Contains(':'))
            {
                throw reader.Error(name, $"\"{entry}\" is not supported yet (list mechanism names, !name to exclude one, static:all for the rest)");
            }
            if (item.Length is 0 or > 20 || !item.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw reader.Error(name, $"bad mechanism name \"{entry}\"");
            }
            entries.Add((negated ? "!" : "") + item.ToUpperInvariant());
        }
        return [.. entries.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A TCP port: a number from 1 to 65535 or a service name such as <c>smtp</c>.</summary>
    private static int Port(SettingReader reader, string name)
    {
        var text = reader.RequiredText(name);
        if (text.All(char.IsAsciiDigit))
        {
            return text.Length <= 5 && int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 65535 and var port
                ? port
                : throw reader.Error(name, $"port out of range \"{text}\" (1-65535)");
        }
        return PortNames.TryGetValue(text, out var named)
            ? named
            : throw reader.Error(name, $"bad port \"{text}\" (a number or one of {string.Join(", ", PortNames.Keys)})");
    }

    private static IReadOnlyList<string> Words(SettingReader reader, string name)
    {
        var words = reader.List(name).Select(w => w.ToLowerInvariant()).ToList();
        foreach (var word in words.Where(w => !SaslWords.Contains(w)))
        {
            throw reader.Error(name, $"unknown option \"{word}\" (expected {string.Join(", ", SaslWords)})");
        }
        return words;
    }
}
