namespace Sekisho.Protocol.Smtp;

/// <summary>The SMTP commands Sekisho knows.</summary>
public enum SmtpVerb
{
    /// <summary>Not a command we know.</summary>
    Unknown,
    Helo, Ehlo, Mail, Rcpt, Data, Bdat, Rset, Noop, Quit, Vrfy, Expn, Help, StartTls, Auth, Etrn,
}
