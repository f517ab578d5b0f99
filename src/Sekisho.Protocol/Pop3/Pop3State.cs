namespace Sekisho.Protocol.Pop3;

/// <summary>Where a POP3 session is in its dialogue (RFC 1939 3).</summary>
public enum Pop3State
{
    /// <summary>Greeting sent; the client has not logged in yet.</summary>
    Authorization,

    /// <summary>Logged in, the maildrop is open and locked.</summary>
    Transaction,

    /// <summary>QUIT given in the Transaction state: deletions are being made; nothing more is read.</summary>
    Update,
}
