using Sekisho.Protocol.Pop3;

namespace Sekisho.Server.Pop3;

/// <summary>
/// The replies that come from how the server runs rather than from the protocol (those are in <see cref="Pop3Reply"/>):
/// connection limits, the login throttle, a mechanism that needs TLS, an unreadable file.
/// </summary>
internal static class Pop3ServerReplies
{
    /// <summary><c>-ERR [SYS/TEMP] Too many connections, try again later.</c> instead of a greeting, then the connection closes.</summary>
    public static Pop3Reply TooManyConnections { get; } = Pop3Reply.Error("Too many connections, try again later.", Pop3ResponseCode.SysTemp);

    /// <summary>
    /// <c>-ERR [SYS/TEMP] Too many authentication failures, try again later.</c>: the client address is locked out by the
    /// failure throttle it shares with SMTP AUTH; the connection closes after it. SYS/TEMP, not AUTH (RFC 3206): the
    /// password may well be right, and a client must not take this as "ask the user for a new one".
    /// </summary>
    public static Pop3Reply TooManyAuthenticationFailures { get; } =
        Pop3Reply.Error("Too many authentication failures, try again later.", Pop3ResponseCode.SysTemp);

    /// <summary><c>-ERR [AUTH] Encryption required for requested authentication mechanism.</c>: a mechanism (or APOP) allowed only after STLS.</summary>
    public static Pop3Reply EncryptionRequired { get; } =
        Pop3Reply.Error("Encryption required for requested authentication mechanism.", Pop3ResponseCode.Auth);

    /// <summary><c>-ERR [SYS/TEMP] Cannot read the message, try again later.</c>: its file exists but cannot be opened.</summary>
    public static Pop3Reply MessageUnreadable { get; } = Pop3Reply.Error("Cannot read the message, try again later.", Pop3ResponseCode.SysTemp);
}
