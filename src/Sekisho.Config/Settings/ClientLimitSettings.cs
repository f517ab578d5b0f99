namespace Sekisho.Config;

/// <summary>
/// Per-client limits on one SMTP service, as Postfix's anvil(8) enforces them: concurrent connections and
/// connections per time unit from one client address, with trusted networks exempt.
/// </summary>
public sealed record ClientLimitSettings
{
    /// <summary><c>smtpd_client_connection_count_limit</c>: concurrent sessions one client may have (0 = no limit).</summary>
    public int ConnectionCountLimit { get; init; }

    /// <summary><c>smtpd_client_connection_rate_limit</c>: connections one client may open per <see cref="RateTimeUnit"/> (0 = no limit).</summary>
    public int ConnectionRateLimit { get; init; }

    /// <summary><c>anvil_rate_time_unit</c>: the window the rate limit counts in.</summary>
    public TimeSpan RateTimeUnit { get; init; }

    /// <summary><c>smtpd_client_event_limit_exceptions</c>: clients no limit applies to, in <c>mynetworks</c> syntax.</summary>
    public IReadOnlyList<string> Exceptions { get; init; } = [];

    /// <summary>True when some limit is set.</summary>
    public bool Enabled => ConnectionCountLimit > 0 || ConnectionRateLimit > 0;
}
