namespace Sekisho.Config;

/// <summary>Reads <see cref="ClientLimitSettings"/> and <see cref="SessionDeadlineSettings"/>.</summary>
internal static class ClientLimitSettingsReader
{
    /// <summary>The per-client connection limits.</summary>
    /// <exception cref="ConfigException">A bad number or time.</exception>
    public static ClientLimitSettings ReadLimits(SettingReader reader) => new()
    {
        ConnectionCountLimit = reader.Integer("smtpd_client_connection_count_limit"),
        ConnectionRateLimit = reader.Integer("smtpd_client_connection_rate_limit"),
        RateTimeUnit = reader.Time("anvil_rate_time_unit", TimeSpan.FromSeconds(1)),
        Exceptions = reader.List("smtpd_client_event_limit_exceptions"),
    };

    /// <summary>The session deadlines.</summary>
    /// <exception cref="ConfigException">A bad time, number or boolean.</exception>
    public static SessionDeadlineSettings ReadDeadlines(SettingReader reader) => new()
    {
        Timeout = reader.Time("smtpd_timeout", TimeSpan.FromSeconds(1)),
        PerRequestDeadline = reader.Boolean("smtpd_per_request_deadline"),
        MinDataRate = reader.Integer("smtpd_min_data_rate", minimum: 1),
        StartTlsTimeout = reader.Time("smtpd_starttls_timeout", TimeSpan.FromSeconds(1)),
    };
}
