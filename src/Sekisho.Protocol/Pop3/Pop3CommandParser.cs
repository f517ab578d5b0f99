using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Sekisho.Protocol.Pop3;

/// <summary>
/// Parses POP3 command lines (RFC 1939 3 and 9, RFC 2449, RFC 2595, RFC 5034) into typed commands. Pure and bounded:
/// no I/O, no exceptions on bad input, and every refusal is the <see cref="Pop3Reply"/> to send.
/// </summary>
/// <remarks>
/// <para>The keyword is matched case-insensitively and ends at the first space or tab; leading spaces and tabs are
/// ignored. Arguments are separated by runs of spaces or tabs and trailing ones are dropped, except for PASS, whose
/// argument is everything after the one separator that ends the keyword, spaces and all (passwords may contain
/// them; Dovecot reads PASS the same way).</para>
/// <para>Message numbers are decimal digits only (no sign, no <c>+</c>, leading zeros allowed), 1 to
/// <see cref="int.MaxValue"/>. Whether the number names a message of the maildrop is the session's question.</para>
/// <para>Lengths: a command line may be at most <see cref="MaxCommandLength"/> octets without its CRLF (RFC 2449 4:
/// 255 with it). AUTH lines may be longer, up to <see cref="MaxAuthLineLength"/>, because an initial response can
/// be; the session reads every line with that larger bound and lets this parser refuse long non-AUTH lines.</para>
/// </remarks>
public static class Pop3CommandParser
{
    /// <summary>The longest command line without CRLF: RFC 2449 4 allows 255 octets including CRLF.</summary>
    public const int MaxCommandLength = 253;

    /// <summary>
    /// The longest AUTH command line or SASL response line without CRLF. RFC 5034 sets no limit; this is the 12288
    /// octets (with CRLF) that RFC 4954 4 sets for SMTP AUTH, as <c>SmtpAuthenticator</c> uses.
    /// </summary>
    public const int MaxAuthLineLength = 12286;

    /// <summary>How many characters of a bad argument are echoed in the error reply.</summary>
    private const int EchoLength = 40;

    private static readonly SearchValues<byte> ForbiddenControls = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);

    private static readonly SearchValues<byte> HexDigits = SearchValues.Create("0123456789abcdefABCDEF"u8);

    private static readonly SearchValues<byte> MechanismCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8);

    private static readonly (byte[] Name, Pop3Verb Verb)[] Verbs =
    [
        ("USER"u8.ToArray(), Pop3Verb.User),
        ("PASS"u8.ToArray(), Pop3Verb.Pass),
        ("APOP"u8.ToArray(), Pop3Verb.Apop),
        ("STAT"u8.ToArray(), Pop3Verb.Stat),
        ("LIST"u8.ToArray(), Pop3Verb.List),
        ("RETR"u8.ToArray(), Pop3Verb.Retr),
        ("DELE"u8.ToArray(), Pop3Verb.Dele),
        ("NOOP"u8.ToArray(), Pop3Verb.Noop),
        ("RSET"u8.ToArray(), Pop3Verb.Rset),
        ("QUIT"u8.ToArray(), Pop3Verb.Quit),
        ("TOP"u8.ToArray(), Pop3Verb.Top),
        ("UIDL"u8.ToArray(), Pop3Verb.Uidl),
        ("CAPA"u8.ToArray(), Pop3Verb.Capa),
        ("STLS"u8.ToArray(), Pop3Verb.Stls),
        ("AUTH"u8.ToArray(), Pop3Verb.Auth),
    ];

    private enum NumberSyntax
    {
        Valid,
        NotANumber,
        TooLarge,
    }

    /// <summary>Parses one command line.</summary>
    /// <param name="line">The line without its CRLF (or bare LF), as read by the session.</param>
    /// <param name="command">The command when parsing succeeded.</param>
    /// <param name="error">The reply to send when it failed, e.g. <c>-ERR Unknown command.</c></param>
    /// <returns>Whether <paramref name="command"/> holds a command.</returns>
    public static bool TryParse(ReadOnlySpan<byte> line, out Pop3Command command, out Pop3Reply? error)
    {
        command = default;
        error = null;
        if (line.Length > MaxAuthLineLength)
        {
            error = Pop3Reply.LineTooLong;
            return false;
        }
        if (line.ContainsAny(ForbiddenControls))
        {
            error = Pop3Reply.BadSyntax;
            return false;
        }
        var text = line.TrimStart(" \t"u8);
        if (text.Trim(" \t"u8).IsEmpty)
        {
            error = Pop3Reply.BadSyntax;
            return false;
        }
        var separator = text.IndexOfAny((byte)' ', (byte)'\t');
        var verb = Lookup(separator < 0 ? text : text[..separator]);
        if (verb == Pop3Verb.Unknown)
        {
            error = Pop3Reply.UnknownCommand;
            return false;
        }
        if (verb != Pop3Verb.Auth && line.Length > MaxCommandLength)
        {
            error = Pop3Reply.LineTooLong;
            return false;
        }
        if (verb == Pop3Verb.Pass)
        {
            return ParsePassword(separator < 0 ? [] : text[(separator + 1)..], out command, out error);
        }

        var arguments = separator < 0 ? [] : text[separator..].Trim(" \t"u8);
        Span<Range> tokens = stackalloc Range[4];
        var count = Tokenize(arguments, tokens);
        command = new Pop3Command(verb);
        error = verb switch
        {
            Pop3Verb.User => ParseUser(arguments, tokens[..count], ref command),
            Pop3Verb.Apop => ParseApop(arguments, tokens[..count], ref command),
            Pop3Verb.List => ParseNumbers(arguments, tokens[..count], ref command, required: 0, usage: "LIST [msg]"),
            Pop3Verb.Uidl => ParseNumbers(arguments, tokens[..count], ref command, required: 0, usage: "UIDL [msg]"),
            Pop3Verb.Retr => ParseNumbers(arguments, tokens[..count], ref command, required: 1, usage: "RETR msg"),
            Pop3Verb.Dele => ParseNumbers(arguments, tokens[..count], ref command, required: 1, usage: "DELE msg"),
            Pop3Verb.Top => ParseNumbers(arguments, tokens[..count], ref command, required: 2, usage: "TOP msg n"),
            Pop3Verb.Auth => ParseAuth(arguments, tokens[..count], ref command),
            _ => count == 0 ? null : Pop3Reply.Syntax(verb.ToString().ToUpperInvariant()),
        };
        if (error is not null)
        {
            command = default;
            return false;
        }
        return true;
    }

    private static bool ParsePassword(ReadOnlySpan<byte> password, out Pop3Command command, out Pop3Reply? error)
    {
        command = default;
        if (password.IsEmpty)
        {
            error = Pop3Reply.Syntax("PASS string");
            return false;
        }
        if (!Utf8.IsValid(password))
        {
            error = Pop3Reply.BadSyntax;
            return false;
        }
        command = new Pop3Command(Pop3Verb.Pass) { Password = Encoding.UTF8.GetString(password) };
        error = null;
        return true;
    }

    private static Pop3Reply? ParseUser(ReadOnlySpan<byte> arguments, ReadOnlySpan<Range> tokens, ref Pop3Command command)
    {
        if (tokens.Length != 1)
        {
            return Pop3Reply.Syntax("USER name");
        }
        var name = arguments[tokens[0]];
        if (!Utf8.IsValid(name))
        {
            return Pop3Reply.BadSyntax;
        }
        command = command with { UserName = Encoding.UTF8.GetString(name) };
        return null;
    }

    private static Pop3Reply? ParseApop(ReadOnlySpan<byte> arguments, ReadOnlySpan<Range> tokens, ref Pop3Command command)
    {
        if (tokens.Length != 2)
        {
            return Pop3Reply.Syntax("APOP name digest");
        }
        var name = arguments[tokens[0]];
        var digest = arguments[tokens[1]];
        if (digest.Length != 32 || digest.ContainsAnyExcept(HexDigits))
        {
            return Pop3Reply.Syntax("APOP name digest");
        }
        if (!Utf8.IsValid(name))
        {
            return Pop3Reply.BadSyntax;
        }
        command = command with
        {
            UserName = Encoding.UTF8.GetString(name),
            Digest = Encoding.ASCII.GetString(digest).ToLowerInvariant(),
        };
        return null;
    }

    /// <summary>LIST, UIDL, RETR, DELE and TOP: a message number (optional when <paramref name="required"/> is 0), and TOP's line count.</summary>
    private static Pop3Reply? ParseNumbers(
        ReadOnlySpan<byte> arguments, ReadOnlySpan<Range> tokens, ref Pop3Command command, int required, string usage)
    {
        if (tokens.Length < required)
        {
            return Pop3Reply.Syntax(usage);
        }
        if (tokens.Length == 0)
        {
            return null;
        }
        var first = arguments[tokens[0]];
        switch (ParseNumber(first, out var number))
        {
            case NumberSyntax.NotANumber:
                return Pop3Reply.InvalidMessageNumber(Echo(first));
            case NumberSyntax.TooLarge:
                return Pop3Reply.MessageNumberTooLarge(Echo(first));
            case NumberSyntax.Valid when number == 0:
                return Pop3Reply.NoSuchMessage(0);
        }
        command = command with { MessageNumber = number };

        var allowed = Math.Max(required, 1);
        if (required == 2)
        {
            var second = arguments[tokens[1]];
            var syntax = ParseNumber(second, out var lines);
            if (syntax == NumberSyntax.NotANumber)
            {
                return Pop3Reply.InvalidLineCount(Echo(second));
            }
            command = command with { LineCount = syntax == NumberSyntax.TooLarge ? int.MaxValue : lines };
        }
        return tokens.Length > allowed ? Pop3Reply.NoiseAfterMessageNumber(Echo(arguments[tokens[allowed]])) : null;
    }

    private static Pop3Reply? ParseAuth(ReadOnlySpan<byte> arguments, ReadOnlySpan<Range> tokens, ref Pop3Command command)
    {
        if (tokens.Length == 0)
        {
            return null;
        }
        if (tokens.Length > 2)
        {
            return Pop3Reply.Syntax("AUTH [mechanism [initial-response]]");
        }
        var mechanism = arguments[tokens[0]];
        if (mechanism.Length > 20 || mechanism.ContainsAnyExcept(MechanismCharacters))
        {
            return Pop3Reply.UnsupportedMechanism;
        }
        command = command with { Mechanism = Encoding.ASCII.GetString(mechanism).ToUpperInvariant() };
        if (tokens.Length == 2)
        {
            var response = arguments[tokens[1]];
            if (!Ascii.IsValid(response))
            {
                return Pop3Reply.InvalidBase64;
            }
            command = command with { InitialResponse = Encoding.ASCII.GetString(response) };
        }
        return null;
    }

    /// <summary>Digits only; values above <see cref="int.MaxValue"/> are <see cref="NumberSyntax.TooLarge"/>.</summary>
    private static NumberSyntax ParseNumber(ReadOnlySpan<byte> token, out int value)
    {
        value = 0;
        long accumulated = 0;
        foreach (var b in token)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return NumberSyntax.NotANumber;
            }
            accumulated = (accumulated * 10) + (b - '0');
            if (accumulated > int.MaxValue)
            {
                // Keep checking the rest is digits, so "99999999999x" is not a number rather than too large.
                return token.ContainsAnyExceptInRange((byte)'0', (byte)'9') ? NumberSyntax.NotANumber : NumberSyntax.TooLarge;
            }
        }
        value = (int)accumulated;
        return NumberSyntax.Valid;
    }

    /// <summary>
    /// Splits on runs of spaces and tabs (the input has none at either end). Fills at most
    /// <paramref name="tokens"/>.Length ranges; a count equal to that length means "that many or more".
    /// </summary>
    private static int Tokenize(ReadOnlySpan<byte> arguments, Span<Range> tokens)
    {
        var count = 0;
        var position = 0;
        while (position < arguments.Length && count < tokens.Length)
        {
            var rest = arguments[position..];
            var end = rest.IndexOfAny((byte)' ', (byte)'\t');
            var length = end < 0 ? rest.Length : end;
            tokens[count++] = new Range(position, position + length);
            position += length;
            var next = arguments[position..].IndexOfAnyExcept((byte)' ', (byte)'\t');
            position = next < 0 ? arguments.Length : position + next;
        }
        return count;
    }

    /// <summary>A client's argument made safe to echo: printable ASCII only (others as <c>?</c>), cut to 40 characters.</summary>
    private static string Echo(ReadOnlySpan<byte> token)
    {
        var cut = token.Length > EchoLength;
        var shown = cut ? token[..EchoLength] : token;
        var builder = new StringBuilder(shown.Length + 3);
        foreach (var b in shown)
        {
            builder.Append(b is > 0x20 and < 0x7F ? (char)b : '?');
        }
        return cut ? builder.Append("...").ToString() : builder.ToString();
    }

    private static Pop3Verb Lookup(ReadOnlySpan<byte> name)
    {
        foreach (var (candidate, verb) in Verbs)
        {
            if (Ascii.EqualsIgnoreCase(name, candidate))
            {
                return verb;
            }
        }
        return Pop3Verb.Unknown;
    }
}
