using System.Buffers;
using System.Text;

namespace Sekisho.Protocol.Smtp;

/// <summary>
/// One SMTP reply: a three-digit code, an optional enhanced status code (RFC 3463/2034) and one or more
/// text lines. Decisions everywhere in Sekisho return replies, not booleans, so a rejection always says why.
/// </summary>
public sealed class SmtpReply
{
    /// <summary>Creates a reply.</summary>
    /// <param name="code">The three-digit reply code (200-599).</param>
    /// <param name="enhancedCode">The enhanced status code such as <c>5.7.1</c>, or null where none applies (greeting, EHLO).</param>
    /// <param name="lines">The text lines; at least one.</param>
    public SmtpReply(int code, string? enhancedCode, params string[] lines)
    {
        if (code is < 200 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(code));
        }
        Code = code;
        EnhancedCode = enhancedCode;
        Lines = lines.Length == 0 ? [""] : lines;
    }

    /// <summary>The three-digit reply code.</summary>
    public int Code { get; }

    /// <summary>The enhanced status code, e.g. <c>2.0.0</c>, or null.</summary>
    public string? EnhancedCode { get; }

    /// <summary>The text lines, without codes.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The first text line.</summary>
    public string Text => Lines[0];

    /// <summary>2xx or 3xx: the command went through.</summary>
    public bool IsPositive => Code < 400;

    /// <summary>4xx: try again later.</summary>
    public bool IsTransient => Code is >= 400 and < 500;

    /// <summary>5xx: permanent failure.</summary>
    public bool IsPermanent => Code >= 500;

    /// <summary>The reply as it goes on the wire, CRLF after each line.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < Lines.Count; i++)
        {
            builder.Append(Code).Append(i == Lines.Count - 1 ? ' ' : '-');
            if (EnhancedCode is not null)
            {
                builder.Append(EnhancedCode).Append(' ');
            }
            builder.Append(Lines[i]).Append("\r\n");
        }
        return builder.ToString();
    }

    /// <summary>The reply on one line without CRLF, as it appears in the mail log.</summary>
    public string ToLogString() => ToString().TrimEnd('\r', '\n').Replace("\r\n", " / ", StringComparison.Ordinal);

    /// <summary>Writes the reply to <paramref name="writer"/> in wire format.</summary>
    /// <param name="writer">The output.</param>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        var text = ToString();
        var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        var written = Encoding.UTF8.GetBytes(text, span);
        writer.Advance(written);
    }

    /// <summary>A copy of this reply with a different text.</summary>
    /// <param name="text">The new text.</param>
    public SmtpReply WithText(string text) => new(Code, EnhancedCode, text);

    /// <summary><c>250 2.0.0 Ok</c></summary>
    public static SmtpReply Ok { get; } = new(250, "2.0.0", "Ok");

    /// <summary><c>250 2.1.0 Ok</c> for MAIL.</summary>
    public static SmtpReply SenderOk { get; } = new(250, "2.1.0", "Ok");

    /// <summary><c>250 2.1.5 Ok</c> for RCPT.</summary>
    public static SmtpReply RecipientOk { get; } = new(250, "2.1.5", "Ok");

    /// <summary><c>354 End data with &lt;CR&gt;&lt;LF&gt;.&lt;CR&gt;&lt;LF&gt;</c></summary>
    public static SmtpReply StartMailInput { get; } = new(354, null, "End data with <CR><LF>.<CR><LF>");

    /// <summary><c>221 2.0.0 Bye</c></summary>
    public static SmtpReply Bye { get; } = new(221, "2.0.0", "Bye");

    /// <summary><c>252 2.0.0</c>: VRFY is neither confirmed nor denied (RFC 5321 3.5.3).</summary>
    public static SmtpReply CannotVerify { get; } = new(252, "2.0.0", "Cannot VRFY user, but will accept message and attempt delivery");

    /// <summary><c>214 2.0.0</c> for HELP.</summary>
    public static SmtpReply Help { get; } = new(214, "2.0.0", "See https://www.rfc-editor.org/rfc/rfc5321");

    /// <summary><c>220 2.0.0 Ready to start TLS</c></summary>
    public static SmtpReply ReadyToStartTls { get; } = new(220, "2.0.0", "Ready to start TLS");

    /// <summary><c>500 5.5.2 Error: command not recognized</c></summary>
    public static SmtpReply CommandUnrecognized { get; } = new(500, "5.5.2", "Error: command not recognized");

    /// <summary><c>500 5.5.2 Error: line too long</c></summary>
    public static SmtpReply LineTooLong { get; } = new(500, "5.5.2", "Error: line too long");

    /// <summary><c>500 5.5.2 Error: bad syntax</c>: an empty command line, or one with a NUL or other control character.</summary>
    public static SmtpReply BadSyntax { get; } = new(500, "5.5.2", "Error: bad syntax");

    /// <summary><c>500 5.5.2 Error: bad UTF-8 syntax</c>: a command argument that is not valid UTF-8.</summary>
    public static SmtpReply BadUtf8Syntax { get; } = new(500, "5.5.2", "Error: bad UTF-8 syntax");

    /// <summary><c>501 5.5.4 Syntax: ...</c></summary>
    /// <param name="usage">What the command should look like.</param>
    public static SmtpReply Syntax(string usage) => new(501, "5.5.4", "Syntax: " + usage);

    /// <summary><c>501 5.1.7 Bad sender address syntax</c></summary>
    public static SmtpReply BadSenderSyntax { get; } = new(501, "5.1.7", "Bad sender address syntax");

    /// <summary><c>501 5.1.3 Bad recipient address syntax</c></summary>
    public static SmtpReply BadRecipientSyntax { get; } = new(501, "5.1.3", "Bad recipient address syntax");

    /// <summary><c>503 5.5.1 Error: ...</c> for a command out of sequence.</summary>
    /// <param name="what">What is wrong, e.g. <c>need RCPT command</c>.</param>
    public static SmtpReply BadSequence(string what) => new(503, "5.5.1", "Error: " + what);

    /// <summary><c>504 5.5.2 ...</c>: a parameter is not implemented.</summary>
    /// <param name="text">The text.</param>
    public static SmtpReply ParameterNotImplemented(string text) => new(504, "5.5.4", text);

    /// <summary><c>555 5.5.4 Unsupported option: NAME</c></summary>
    /// <param name="name">The ESMTP parameter the client used.</param>
    public static SmtpReply UnsupportedOption(string name) => new(555, "5.5.4", "Unsupported option: " + name);

    /// <summary><c>552 5.3.4 Message size exceeds fixed limit</c></summary>
    public static SmtpReply MessageTooBig { get; } = new(552, "5.3.4", "Error: message file too big");

    /// <summary><c>452 4.5.3 Error: too many recipients</c></summary>
    public static SmtpReply TooManyRecipients { get; } = new(452, "4.5.3", "Error: too many recipients");

    /// <summary><c>421 4.4.2 host Error: timeout exceeded</c></summary>
    /// <param name="hostname">This server's host name.</param>
    public static SmtpReply Timeout(string hostname) => new(421, "4.4.2", hostname + " Error: timeout exceeded");

    /// <summary><c>421 4.7.0 host Error: too many errors</c></summary>
    /// <param name="hostname">This server's host name.</param>
    public static SmtpReply TooManyErrors(string hostname) => new(421, "4.7.0", hostname + " Error: too many errors");

    /// <summary><c>421 4.3.2 host Service shutting down</c></summary>
    /// <param name="hostname">This server's host name.</param>
    public static SmtpReply ShuttingDown(string hostname) => new(421, "4.3.2", hostname + " Service shutting down, closing transmission channel");

    /// <summary><c>421 4.7.0 host Error: too many connections</c></summary>
    /// <param name="hostname">This server's host name.</param>
    public static SmtpReply TooManyConnections(string hostname) => new(421, "4.7.0", hostname + " Error: too many connections");

    /// <summary><c>421 4.7.0 host Error: too many connections from 192.0.2.1</c> (a per-client count or rate limit)</summary>
    /// <param name="hostname">This server's host name.</param>
    /// <param name="client">The client's address.</param>
    public static SmtpReply TooManyConnectionsFrom(string hostname, string client) => new(421, "4.7.0", $"{hostname} Error: too many connections from {client}");

    /// <summary><c>451 4.3.0 Error: queue file write error</c></summary>
    public static SmtpReply QueueWriteError { get; } = new(451, "4.3.0", "Error: queue file write error");

    /// <summary><c>550 5.5.2 Error: bare &lt;LF&gt; received</c> (<c>smtpd_forbid_bare_newline = reject</c>).</summary>
    public static SmtpReply BareNewline { get; } = new(550, "5.5.2", "Error: bare <CR> or <LF> received");

    /// <summary><c>554 5.7.1 &lt;addr&gt;: Relay access denied</c></summary>
    /// <param name="recipient">The recipient as the client wrote it.</param>
    public static SmtpReply RelayDenied(string recipient) => new(554, "5.7.1", $"<{recipient}>: Relay access denied");

    /// <summary><c>550 5.1.1 &lt;addr&gt;: Recipient address rejected: User unknown</c></summary>
    /// <param name="recipient">The recipient as the client wrote it.</param>
    public static SmtpReply UserUnknown(string recipient) => new(550, "5.1.1", $"<{recipient}>: Recipient address rejected: User unknown");

    /// <summary><c>553 5.6.7 ... SMTPUTF8 required</c> for a UTF-8 address without the SMTPUTF8 parameter.</summary>
    /// <param name="address">The address.</param>
    public static SmtpReply Utf8AddressWithoutSmtpUtf8(string address) =>
        new(553, "5.6.7", $"<{address}>: Address contains UTF-8 but the transaction did not ask for SMTPUTF8");

    /// <summary><c>250 2.0.0 Ok: queued as ID</c></summary>
    /// <param name="queueId">The queue id.</param>
    public static SmtpReply Queued(string queueId) => new(250, "2.0.0", "Ok: queued as " + queueId);
}
