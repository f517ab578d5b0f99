namespace Sekisho.Config;

/// <summary>What the SMTP server does with a bare CR or LF in message content (<c>smtpd_forbid_bare_newline</c>).</summary>
public enum BareNewlineMode
{
    /// <summary>Store it as CRLF. A bare newline never ends a line of SMTP dialogue or the message.</summary>
    Normalize,

    /// <summary>Refuse the message.</summary>
    Reject,
}
