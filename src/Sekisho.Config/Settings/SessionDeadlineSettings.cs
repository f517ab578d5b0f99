namespace Sekisho.Config;

/// <summary>How long an SMTP client may take: per request, for message content and for a TLS handshake.</summary>
public sealed record SessionDeadlineSettings
{
    /// <summary><c>smtpd_timeout</c>: the time for one command line, or (see <see cref="PerRequestDeadline"/>) for content.</summary>
    public TimeSpan Timeout { get; init; }

    /// <summary>
    /// <c>smtpd_per_request_deadline</c> (Postfix 3.7): when true, DATA and each BDAT chunk get one deadline of
    /// <see cref="Timeout"/> that grows by the bytes received divided by <see cref="MinDataRate"/>; when false,
    /// <see cref="Timeout"/> limits each wait for content (a client sending one byte a minute is never cut off).
    /// Command lines always have a deadline of <see cref="Timeout"/> each.
    /// </summary>
    public bool PerRequestDeadline { get; init; }

    /// <summary><c>smtpd_min_data_rate</c> (Postfix 3.7): bytes per second that extend the content deadline.</summary>
    public int MinDataRate { get; init; }

    /// <summary><c>smtpd_starttls_timeout</c>: the time for a TLS handshake (STARTTLS or the SMTPS port).</summary>
    public TimeSpan StartTlsTimeout { get; init; }
}
