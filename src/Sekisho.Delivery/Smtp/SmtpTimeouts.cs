namespace Sekisho.Delivery.Smtp;

/// <summary>Time limits of one SMTP conversation, each with Postfix's parameter and default.</summary>
public sealed record SmtpTimeouts
{
    /// <summary><c>smtp_connect_timeout</c> (30s): completing the TCP connection; the next address is tried after it.</summary>
    public TimeSpan Connect { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>smtp_helo_timeout</c> (300s): the greeting and each EHLO/HELO (also used for AUTH).</summary>
    public TimeSpan Helo { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>smtp_starttls_timeout</c> (300s): STARTTLS and the TLS handshake.</summary>
    public TimeSpan StartTls { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>smtp_mail_timeout</c> (300s): MAIL FROM and its reply.</summary>
    public TimeSpan Mail { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>smtp_rcpt_timeout</c> (300s): RCPT TO and its reply.</summary>
    public TimeSpan Rcpt { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary><c>smtp_data_init_timeout</c> (120s): DATA and its 354 reply.</summary>
    public TimeSpan DataInit { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary><c>smtp_data_xfer_timeout</c> (180s): the longest the content transfer may make no progress.</summary>
    public TimeSpan DataTransfer { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary><c>smtp_data_done_timeout</c> (600s): the final "." (or last BDAT chunk) and its reply.</summary>
    public TimeSpan DataDone { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary><c>smtp_quit_timeout</c> (300s): QUIT and its reply.</summary>
    public TimeSpan Quit { get; init; } = TimeSpan.FromSeconds(300);
}
