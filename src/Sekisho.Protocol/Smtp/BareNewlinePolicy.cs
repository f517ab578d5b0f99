namespace Sekisho.Protocol.Smtp;

/// <summary>What to do with a CR or LF that is not part of a CRLF pair in message content (<c>smtpd_forbid_bare_newline</c>).</summary>
public enum BareNewlinePolicy
{
    /// <summary>Store it as CRLF (a line ending). It never ends the message: only a real CRLF.CRLF does.</summary>
    Normalize,

    /// <summary>Refuse the message: 550 5.5.2 and close the connection.</summary>
    Reject,
}
