using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Sekisho.Protocol.Smtp;

/// <summary>Parses SMTP command lines (RFC 5321 4.1). Pure and bounded: no I/O, no exceptions on bad input.</summary>
/// <remarks>
/// The verb is matched case-insensitively and ends at the first space or tab; leading and trailing spaces and tabs
/// are ignored, and any run of them separates the verb from its argument. Outcomes:
/// an empty line or one with a control character other than TAB (NUL, bare CR, DEL, ...) gives
/// <see cref="SmtpReply.BadSyntax"/>; an unknown verb gives <see cref="SmtpReply.CommandUnrecognized"/>; an
/// argument that is not valid UTF-8 gives <see cref="SmtpReply.BadUtf8Syntax"/>. The line length is not
/// checked here: the caller enforces it while reading the line.
/// </remarks>
public static class SmtpCommandParser
{
    private static readonly SearchValues<byte> ForbiddenControls = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);

    private static readonly (byte[] Name, SmtpVerb Verb)[] Verbs =
    [
        ("HELO"u8.ToArray(), SmtpVerb.Helo),
        ("EHLO"u8.ToArray(), SmtpVerb.Ehlo),
        ("MAIL"u8.ToArray(), SmtpVerb.Mail),
        ("RCPT"u8.ToArray(), SmtpVerb.Rcpt),
        ("DATA"u8.ToArray(), SmtpVerb.Data),
        ("BDAT"u8.ToArray(), SmtpVerb.Bdat),
        ("RSET"u8.ToArray(), SmtpVerb.Rset),
        ("NOOP"u8.ToArray(), SmtpVerb.Noop),
        ("QUIT"u8.ToArray(), SmtpVerb.Quit),
        ("VRFY"u8.ToArray(), SmtpVerb.Vrfy),
        ("EXPN"u8.ToArray(), SmtpVerb.Expn),
        ("HELP"u8.ToArray(), SmtpVerb.Help),
        ("STARTTLS"u8.ToArray(), SmtpVerb.StartTls),
        ("AUTH"u8.ToArray(), SmtpVerb.Auth),
        ("ETRN"u8.ToArray(), SmtpVerb.Etrn),
    ];

    /// <summary>Parses one command line.</summary>
    /// <param name="line">The line without its line ending (CRLF or bare LF already removed by the caller).</param>
    /// <param name="command">The command when parsing succeeded.</param>
    /// <param name="error">The reply to send when it failed (e.g. 500 5.5.2 command not recognized).</param>
    public static bool TryParse(ReadOnlySpan<byte> line, out SmtpCommand command, out SmtpReply? error)
    {
        command = default;
        line = line.Trim(" \t"u8);
        if (line.IsEmpty || line.ContainsAny(ForbiddenControls))
        {
            error = SmtpReply.BadSyntax;
            return false;
        }

        var separator = line.IndexOfAny((byte)' ', (byte)'\t');
        var verb = Lookup(separator < 0 ? line : line[..separator]);
        if (verb == SmtpVerb.Unknown)
        {
            error = SmtpReply.CommandUnrecognized;
            return false;
        }

        var argument = separator < 0 ? [] : line[separator..].TrimStart(" \t"u8);
        if (!Utf8.IsValid(argument))
        {
            error = SmtpReply.BadUtf8Syntax;
            return false;
        }

        command = new SmtpCommand(verb, argument.IsEmpty ? "" : Encoding.UTF8.GetString(argument));
        error = null;
        return true;
    }

    private static SmtpVerb Lookup(ReadOnlySpan<byte> name)
    {
        foreach (var (candidate, verb) in Verbs)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(name, candidate))
            {
                return verb;
            }
        }
        return SmtpVerb.Unknown;
    }
}
