using System.Buffers;
using System.Globalization;
using System.Text;

namespace Sekisho.Protocol.Pop3;

/// <summary>
/// One POP3 status line: <c>+OK text</c> or <c>-ERR [CODE] text</c> (RFC 1939 3, response codes RFC 2449 8), or
/// the <c>+ base64</c> continuation of an AUTH exchange (RFC 5034 4). The texts follow Dovecot's where it has one.
/// A multi-line response is this line followed by <see cref="Pop3MultiLine"/>'s body.
/// </summary>
public sealed class Pop3Reply
{
    private const string OkIndicator = "+OK";
    private const string ErrIndicator = "-ERR";
    private const string ContinuationIndicator = "+";

    private readonly string _indicator;

    private Pop3Reply(string indicator, string? responseCode, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new ArgumentException("A reply text must not contain CR, LF or NUL.", nameof(text));
        }
        if (responseCode is not null && !Pop3ResponseCode.IsValid(responseCode))
        {
            throw new ArgumentException($"'{responseCode}' is not a valid response code.", nameof(responseCode));
        }
        _indicator = indicator;
        ResponseCode = responseCode;
        Text = text;
    }

    /// <summary>True for <c>+OK</c> (and for a <c>+</c> continuation).</summary>
    public bool IsOk => _indicator != ErrIndicator;

    /// <summary>True for a <c>+ base64</c> AUTH continuation.</summary>
    public bool IsContinuation => _indicator == ContinuationIndicator;

    /// <summary>The response code without brackets, e.g. <c>IN-USE</c> or <c>SYS/TEMP</c>, or null.</summary>
    public string? ResponseCode { get; }

    /// <summary>The text after the indicator and the response code; may be empty.</summary>
    public string Text { get; }

    /// <summary>A positive reply.</summary>
    /// <param name="text">The text; empty for a bare <c>+OK</c>.</param>
    /// <exception cref="ArgumentException">The text contains CR, LF or NUL.</exception>
    public static Pop3Reply Ok(string text) => new(OkIndicator, null, text);

    /// <summary>A negative reply.</summary>
    /// <param name="text">The text.</param>
    /// <param name="responseCode">A response code from <see cref="Pop3ResponseCode"/>, or null.</param>
    /// <exception cref="ArgumentException">The text contains CR, LF or NUL, or the code is malformed.</exception>
    public static Pop3Reply Error(string text, string? responseCode = null) => new(ErrIndicator, responseCode, text);

    /// <summary>An AUTH challenge: <c>+ </c> and the base64 of <paramref name="challenge"/> (an empty one gives <c>+ </c>).</summary>
    /// <param name="challenge">The mechanism's challenge bytes.</param>
    public static Pop3Reply Challenge(ReadOnlySpan<byte> challenge) => new(ContinuationIndicator, null, Convert.ToBase64String(challenge));

    /// <summary>The reply as it goes on the wire, with CRLF.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(_indicator.Length + Text.Length + 16).Append(_indicator);
        if (IsContinuation)
        {
            return builder.Append(' ').Append(Text).Append("\r\n").ToString();
        }
        if (ResponseCode is not null)
        {
            builder.Append(" [").Append(ResponseCode).Append(']');
        }
        if (Text.Length > 0)
        {
            builder.Append(' ').Append(Text);
        }
        return builder.Append("\r\n").ToString();
    }

    /// <summary>The reply without CRLF, as it appears in the mail log.</summary>
    public string ToLogString() => ToString()[..^2];

    /// <summary>Writes the reply to <paramref name="writer"/> in wire format (UTF-8).</summary>
    /// <param name="writer">The output.</param>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var text = ToString();
        var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        writer.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    /// <summary>A copy of this reply (same indicator and code) with a different text.</summary>
    /// <param name="text">The new text.</param>
    public Pop3Reply WithText(string text) => new(_indicator, ResponseCode, text);

    /// <summary><c>+OK Sekisho ready.</c>, followed by the APOP timestamp when APOP is offered (RFC 1939 7).</summary>
    /// <param name="apopTimestamp">From <see cref="ApopDigest.CreateTimestamp"/>, or null when APOP is off.</param>
    public static Pop3Reply Greeting(string? apopTimestamp) =>
        Ok(apopTimestamp is null ? "Sekisho ready." : "Sekisho ready. " + apopTimestamp);

    /// <summary><c>+OK</c> with no text (USER, NOOP, RSET, TOP and the like).</summary>
    public static Pop3Reply Success { get; } = Ok("");

    /// <summary><c>+OK Logged in.</c> after PASS, APOP or AUTH.</summary>
    public static Pop3Reply LoggedIn { get; } = Ok("Logged in.");

    /// <summary><c>+OK Logging out.</c> for QUIT.</summary>
    public static Pop3Reply LoggingOut { get; } = Ok("Logging out.");

    /// <summary><c>+OK Logging out, messages deleted.</c> for QUIT after the UPDATE state removed messages.</summary>
    public static Pop3Reply LoggingOutMessagesDeleted { get; } = Ok("Logging out, messages deleted.");

    /// <summary><c>+OK Capability list follows</c> (RFC 2449 5).</summary>
    public static Pop3Reply CapabilityListFollows { get; } = Ok("Capability list follows");

    /// <summary><c>+OK Begin TLS negotiation now.</c> (RFC 2595 4).</summary>
    public static Pop3Reply BeginTls { get; } = Ok("Begin TLS negotiation now.");

    /// <summary><c>+OK Marked to be deleted.</c> for DELE.</summary>
    public static Pop3Reply MarkedDeleted { get; } = Ok("Marked to be deleted.");

    /// <summary><c>+OK n size</c> for STAT (RFC 1939 5: deleted messages are not counted).</summary>
    /// <param name="count">Messages not marked deleted.</param>
    /// <param name="octets">Their total size.</param>
    public static Pop3Reply Stat(int count, long octets) => Ok(Invariant($"{count} {octets}"));

    /// <summary><c>+OK n messages:</c> before a LIST or UIDL listing.</summary>
    /// <param name="count">Messages not marked deleted.</param>
    public static Pop3Reply ListingFollows(int count) => Ok(Invariant($"{count} messages:"));

    /// <summary><c>+OK n size</c> for <c>LIST n</c>.</summary>
    /// <param name="number">The message number.</param>
    /// <param name="octets">Its size.</param>
    public static Pop3Reply ScanListing(int number, long octets) => Ok(Invariant($"{number} {octets}"));

    /// <summary><c>+OK n uidl</c> for <c>UIDL n</c>.</summary>
    /// <param name="number">The message number.</param>
    /// <param name="uidl">Its unique id.</param>
    public static Pop3Reply UniqueIdListing(int number, string uidl) => Ok(Invariant($"{number} {uidl}"));

    /// <summary><c>+OK size octets</c> before the message for RETR.</summary>
    /// <param name="octets">The message size, as LIST reports it.</param>
    public static Pop3Reply MessageFollows(long octets) => Ok(Invariant($"{octets} octets"));

    /// <summary><c>-ERR Unknown command.</c></summary>
    public static Pop3Reply UnknownCommand { get; } = Error("Unknown command.");

    /// <summary><c>-ERR Bad syntax.</c>: an empty line, a control character, or an argument that is not UTF-8.</summary>
    public static Pop3Reply BadSyntax { get; } = Error("Bad syntax.");

    /// <summary><c>-ERR Command line too long.</c> (RFC 2449 4: 255 octets with CRLF).</summary>
    public static Pop3Reply LineTooLong { get; } = Error("Command line too long.");

    /// <summary><c>-ERR Syntax: USAGE</c> for a wrong number of arguments.</summary>
    /// <param name="usage">The command as RFC 1939 writes it, e.g. <c>RETR msg</c>.</param>
    public static Pop3Reply Syntax(string usage) => Error("Syntax: " + usage);

    /// <summary><c>-ERR Invalid message number: X</c></summary>
    /// <param name="token">What the client sent (made printable by the caller).</param>
    public static Pop3Reply InvalidMessageNumber(string token) => Error("Invalid message number: " + token);

    /// <summary><c>-ERR Message number too large: X</c></summary>
    /// <param name="token">What the client sent.</param>
    public static Pop3Reply MessageNumberTooLarge(string token) => Error("Message number too large: " + token);

    /// <summary><c>-ERR Noise after message number: X</c></summary>
    /// <param name="token">The first extra argument.</param>
    public static Pop3Reply NoiseAfterMessageNumber(string token) => Error("Noise after message number: " + token);

    /// <summary><c>-ERR Invalid number of lines: X</c> for TOP's second argument.</summary>
    /// <param name="token">What the client sent.</param>
    public static Pop3Reply InvalidLineCount(string token) => Error("Invalid number of lines: " + token);

    /// <summary><c>-ERR There's no message n.</c></summary>
    /// <param name="number">The number the client asked for.</param>
    public static Pop3Reply NoSuchMessage(long number) => Error(Invariant($"There's no message {number}."));

    /// <summary><c>-ERR Message is deleted.</c></summary>
    public static Pop3Reply MessageDeleted { get; } = Error("Message is deleted.");

    /// <summary><c>-ERR Message n is no longer available.</c>: its file was removed by another program during the session.</summary>
    /// <param name="number">The message number.</param>
    public static Pop3Reply MessageVanished(int number) => Error(Invariant($"Message {number} is no longer available."));

    /// <summary><c>-ERR Some deleted messages were not removed.</c> for QUIT when the UPDATE state failed in part (RFC 1939 6).</summary>
    public static Pop3Reply SomeDeletionsFailed { get; } = Error("Some deleted messages were not removed.");

    /// <summary><c>-ERR Not logged in.</c>: a TRANSACTION command in the AUTHORIZATION state.</summary>
    public static Pop3Reply NotLoggedIn { get; } = Error("Not logged in.");

    /// <summary><c>-ERR Already logged in.</c>: an AUTHORIZATION command in the TRANSACTION state.</summary>
    public static Pop3Reply AlreadyLoggedIn { get; } = Error("Already logged in.");

    /// <summary><c>-ERR Logging out.</c>: anything after QUIT.</summary>
    public static Pop3Reply AlreadyLoggingOut { get; } = Error("Logging out.");

    /// <summary><c>-ERR No username given.</c>: PASS without a USER first.</summary>
    public static Pop3Reply NoUsernameGiven { get; } = Error("No username given.");

    /// <summary><c>-ERR [AUTH] Authentication failed.</c></summary>
    public static Pop3Reply AuthenticationFailed { get; } = Error("Authentication failed.", Pop3ResponseCode.Auth);

    /// <summary><c>-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.</c></summary>
    public static Pop3Reply PlaintextDisallowed { get; } =
        Error("Plaintext authentication disallowed on non-secure (SSL/TLS) connections.", Pop3ResponseCode.Auth);

    /// <summary><c>-ERR [SYS/TEMP] Temporary authentication failure.</c>: the account store could not be asked.</summary>
    public static Pop3Reply TemporaryAuthenticationFailure { get; } = Error("Temporary authentication failure.", Pop3ResponseCode.SysTemp);

    /// <summary><c>-ERR [IN-USE] Mailbox is locked by another POP3 session.</c> (RFC 2449 8.1.1).</summary>
    public static Pop3Reply MailboxInUse { get; } = Error("Mailbox is locked by another POP3 session.", Pop3ResponseCode.InUse);

    /// <summary><c>-ERR [LOGIN-DELAY] Logged in too recently, try again later.</c> (RFC 2449 8.1.2).</summary>
    public static Pop3Reply LoginTooSoon { get; } = Error("Logged in too recently, try again later.", Pop3ResponseCode.LoginDelay);

    /// <summary><c>-ERR [SYS/TEMP] Cannot open the mailbox, try again later.</c></summary>
    public static Pop3Reply MailboxTemporarilyUnavailable { get; } = Error("Cannot open the mailbox, try again later.", Pop3ResponseCode.SysTemp);

    /// <summary><c>-ERR [SYS/PERM] Cannot open the mailbox, contact your administrator.</c></summary>
    public static Pop3Reply MailboxUnavailable { get; } = Error("Cannot open the mailbox, contact your administrator.", Pop3ResponseCode.SysPerm);

    /// <summary><c>-ERR APOP is not enabled.</c></summary>
    public static Pop3Reply ApopDisabled { get; } = Error("APOP is not enabled.");

    /// <summary><c>-ERR Unsupported authentication mechanism.</c></summary>
    public static Pop3Reply UnsupportedMechanism { get; } = Error("Unsupported authentication mechanism.");

    /// <summary><c>-ERR Authentication aborted by client.</c>: the client answered a challenge with <c>*</c> (RFC 5034 4).</summary>
    public static Pop3Reply AuthenticationAborted { get; } = Error("Authentication aborted by client.");

    /// <summary><c>-ERR Invalid base64 data.</c>: an AUTH response that is not base64 (RFC 5034 4).</summary>
    public static Pop3Reply InvalidBase64 { get; } = Error("Invalid base64 data.");

    /// <summary><c>-ERR TLS is already active.</c></summary>
    public static Pop3Reply TlsAlreadyActive { get; } = Error("TLS is already active.");

    /// <summary><c>-ERR TLS support isn't enabled.</c></summary>
    public static Pop3Reply TlsNotAvailable { get; } = Error("TLS support isn't enabled.");

    /// <summary><c>-ERR Disconnected for inactivity.</c></summary>
    public static Pop3Reply Timeout { get; } = Error("Disconnected for inactivity.");

    /// <summary><c>-ERR Too many invalid commands.</c></summary>
    public static Pop3Reply TooManyErrors { get; } = Error("Too many invalid commands.");

    /// <summary><c>-ERR [SYS/TEMP] Server shutting down.</c></summary>
    public static Pop3Reply ShuttingDown { get; } = Error("Server shutting down.", Pop3ResponseCode.SysTemp);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
