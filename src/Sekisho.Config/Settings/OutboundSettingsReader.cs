using System.Net;

namespace Sekisho.Config;

/// <summary>Reads and checks <see cref="OutboundSettings"/>.</summary>
internal static class OutboundSettingsReader
{
    private static readonly string[] TlsLevels = ["none", "may", "encrypt", "verify", "secure", "dane", "dane-only", ""];
    private static readonly string[] SaslWords = ["noplaintext", "noanonymous", "noactive", "nodictionary", "mutual_auth"];

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
    /// <exception cref="ConfigException">A bad TLS level, security option, DNS server, time or port.</exception>
    public static OutboundSettings Read(SettingReader reader)
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
            DisableDnsLookups = reader.Boolean("disable_dns_lookups"),
            ConnectTimeout = reader.Time("smtp_connect_timeout", TimeSpan.FromSeconds(1)),
            TcpPort = Port(reader, "smtp_tcp_port"),
        };
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
