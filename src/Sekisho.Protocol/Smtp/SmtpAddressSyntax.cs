using System.Text;

namespace Sekisho.Protocol.Smtp;

/// <summary>
/// Character classes of the RFC 5321 4.1.2 path grammar, extended for UTF-8 by RFC 6531 3.3. Shared by
/// <see cref="SmtpPathParser"/> (reading) and <see cref="SmtpPath.Address"/> (writing), so both agree on when a
/// local part needs quoting.
/// </summary>
internal static class SmtpAddressSyntax
{
    /// <summary>True for RFC 5322 atext: ALPHA, DIGIT, the specials <c>!#$%&amp;'*+-/=?^_`{|}~</c>, and UTF-8 (RFC 6531).</summary>
    /// <param name="c">The character.</param>
    public static bool IsAtext(char c) => c switch
    {
        >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' => true,
        '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '/' or '=' or '?' or '^' or '_' or '`' or '{' or '|' or '}' or '~' => true,
        _ => IsAllowedNonAscii(c),
    };

    /// <summary>True for qtextSMTP (<c>%d32-33 / %d35-91 / %d93-126</c>) and UTF-8.</summary>
    /// <param name="c">The character.</param>
    public static bool IsQtext(char c) => c is >= ' ' and <= '~' and not '"' and not '\\' || IsAllowedNonAscii(c);

    /// <summary>
    /// True for a non-ASCII character allowed in addresses: not a control, not white space, not a bidi override
    /// or isolate, not a byte-order mark. Surrogates are allowed here; pairing is checked by <see cref="IsWellFormed"/>.
    /// </summary>
    /// <param name="c">The character.</param>
    public static bool IsAllowedNonAscii(char c) =>
        c >= 0x80
        && !char.IsControl(c)
        && !char.IsWhiteSpace(c)
        && c is not (>= '\u202A' and <= '\u202E') and not (>= '\u2066' and <= '\u2069') and not '\uFEFF';

    /// <summary>True when <paramref name="text"/> is a non-empty dot-atom: atoms of atext separated by single dots.</summary>
    /// <param name="text">The text.</param>
    public static bool IsDotAtom(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text[0] == '.' || text[^1] == '.')
        {
            return false;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                if (text[i - 1] == '.')
                {
                    return false;
                }
            }
            else if (!IsAtext(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True when the UTF-16 text has no lone surrogates (so it has an exact UTF-8 form).</summary>
    /// <param name="text">The text.</param>
    public static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out _, out var used) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }
            text = text[used..];
        }
        return true;
    }

    /// <summary>The local part as written in an address: itself when a dot-atom, else a quoted string with <c>"</c> and <c>\</c> escaped.</summary>
    /// <param name="localPart">The unquoted local part.</param>
    public static string FormatLocalPart(string localPart)
    {
        if (IsDotAtom(localPart))
        {
            return localPart;
        }
        var builder = new StringBuilder(localPart.Length + 4);
        builder.Append('"');
        foreach (var c in localPart)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }
            builder.Append(c);
        }
        return builder.Append('"').ToString();
    }
}
