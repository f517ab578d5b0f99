namespace Sekisho.Protocol.Smtp;

/// <summary>Where an SMTP session is in its dialogue.</summary>
public enum SmtpState
{
    /// <summary>Greeting sent; no HELO/EHLO yet.</summary>
    Connected,

    /// <summary>HELO/EHLO done; no transaction.</summary>
    Greeted,

    /// <summary>MAIL accepted; no recipient yet.</summary>
    MailGiven,

    /// <summary>At least one RCPT accepted.</summary>
    RecipientGiven,

    /// <summary>One or more BDAT chunks received, LAST not yet.</summary>
    ChunkingInProgress,
}
