using Sekisho.Protocol.Sasl;

namespace Sekisho.Config;

/// <summary>Reads and checks <see cref="SaslSettings"/>.</summary>
internal static class SaslSettingsReader
{
    /// <summary>The settings.</summary>
    /// <exception cref="ConfigException">An unknown mechanism or security option, or a bad number or time.</exception>
    public static SaslSettings Read(SettingReader reader)
    {
        var mechanisms = new List<string>();
        foreach (var name in reader.List("smtpd_sasl_mechanisms"))
        {
            var upper = name.ToUpperInvariant();
            if (SaslMechanismFactory.PropertiesOf(upper) is null)
            {
                throw reader.Error("smtpd_sasl_mechanisms", $"unknown mechanism \"{name}\" (Sekisho offers {string.Join(", ", SaslMechanismFactory.Supported)})");
            }
            if (!mechanisms.Contains(upper))
            {
                mechanisms.Add(upper);
            }
        }
        return new SaslSettings
        {
            Enabled = reader.Boolean("smtpd_sasl_auth_enable"),
            Mechanisms = mechanisms,
            Excluded = Options(reader, "smtpd_sasl_security_options"),
            ExcludedUnderTls = Options(reader, "smtpd_sasl_tls_security_options"),
            TlsOnly = reader.Boolean("smtpd_tls_auth_only"),
            BrokenClients = reader.Boolean("broken_sasl_auth_clients"),
            LocalDomain = reader.Text("smtpd_sasl_local_domain").Trim().ToLowerInvariant(),
            AuthenticatedHeader = reader.Boolean("smtpd_sasl_authenticated_header"),
            SenderLoginMaps = reader.List("smtpd_sender_login_maps"),
            FailureLimit = reader.Integer("smtpd_auth_failure_limit"),
            FailureWindow = reader.Time("smtpd_auth_failure_window", TimeSpan.FromSeconds(1)),
            PenaltyTime = reader.Time("smtpd_auth_penalty_time", TimeSpan.Zero),
            FailureDelay = reader.Time("smtpd_auth_failure_delay", TimeSpan.Zero),
        };
    }

    private static SaslSecurity Options(SettingReader reader, string name)
    {
        if (!SaslSecurityOptions.TryParse(reader.Text(name), out var excluded, out var unknown))
        {
            throw reader.Error(name, $"unknown option \"{unknown}\" (expected noanonymous, noplaintext, noactive, nodictionary, mutual_auth)");
        }
        return excluded;
    }
}
