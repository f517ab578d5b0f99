namespace Sekisho.Protocol.Pop3;

/// <summary>The POP3 commands Sekisho knows (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 AUTH).</summary>
public enum Pop3Verb
{
    /// <summary>Not a command we know; the parser answers it, so a parsed command never has this verb.</summary>
    Unknown,
    User, Pass, Apop, Stat, List, Retr, Dele, Noop, Rset, Quit, Top, Uidl, Capa, Stls, Auth,
}
