using System.Text;

namespace Sekisho.Protocol.Smtp;

/// <summary>
/// The xtext encoding of RFC 3461 section 4 (ENVID, ORCPT, AUTH=): printable ASCII stands for itself, except
/// <c>+</c> and <c>=</c>; any other octet is written <c>+XX</c> with two hexadecimal digits.
/// </summary>
public static class XText
{
    /// <summary>Encodes text: UTF-8 octets outside <c>!</c>..<c>~</c>, and <c>+</c> and <c>=</c>, become <c>+XX</c>.</summary>
    /// <param name="text">The text.</param>
    public static string Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var octet in Encoding.UTF8.GetBytes(text))
        {
            if (octet is >= (byte)'!' and <= (byte)'~' and not (byte)'+' and not (byte)'=')
            {
                builder.Append((char)octet);
            }
            else
            {
                builder.Append('+').Append(octet.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Decodes xtext. Refused: a <c>+</c> not followed by two hexadecimal digits (either case is read, as Postfix
    /// does), a raw <c>=</c>, space or control character, raw non-ASCII unless <paramref name="allowUtf8"/>, and
    /// octets that do not decode as UTF-8.
    /// </summary>
    /// <param name="text">The encoded text, as on the wire.</param>
    /// <param name="allowUtf8">Whether raw UTF-8 characters may appear (RFC 6533 <c>utf-8</c> addresses).</param>
    /// <param name="decoded">The text, when valid.</param>
    public static bool TryDecode(string text, bool allowUtf8, out string decoded)
    {
        ArgumentNullException.ThrowIfNull(text);
        decoded = "";
        var octets = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '+')
            {
                if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                {
                    return false;
                }
                octets.Add((byte)(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
                i += 2;
            }
            else if (c is >= '!' and <= '~' and not '=')
            {
                octets.Add((byte)c);
            }
            else if (c >= 0x80 && allowUtf8)
            {
                if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
                {
                    return false;
                }
                var written = rune.EncodeToUtf8(utf8);
                for (var k = 0; k < written; k++)
                {
                    octets.Add(utf8[k]);
                }
                i += consumed - 1;
            }
            else
            {
                return false;
            }
        }
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(octets.ToArray());
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
