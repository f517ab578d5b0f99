using System.Net;

namespace Sekisho.Config;

/// <summary>Reads and checks <see cref="OutboundSettings"/>.</summary>
internal static class OutboundSettingsReader
{
    private static readonly string[] TlsLevels = ["none", "may", "encrypt", "verify", "secure", "dane", "dane-only", ""];
    private static readonly string[] SaslWords = ["noplaintext", "noanonymous", "noactive", "nodictionary", "mutual_auth"];

    /// <summary>The settings.</summary>
    /// <exception cref="ConfigException">A bad TLS level, security option, DNS server or time.</exception>
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
        };
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
