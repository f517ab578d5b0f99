using System.Text;

namespace Sekisho.Protocol.Sasl;

/// <summary>Small text helpers shared by the mechanisms: strict UTF-8, hex digits, the fixed-width storage fields.</summary>
internal static class SaslText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8, refusing invalid sequences and NUL characters.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <param name="text">The text, or "" when false.</param>
    public static bool TryDecodeUtf8(ReadOnlySpan<byte> bytes, out string text)
    {
        text = "";
        if (bytes.Contains((byte)0))
        {
            return false;
        }
        try
        {
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Whether every character is a hex digit (either case).</summary>
    /// <param name="text">The text.</param>
    public static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Parses exactly <paramref name="size"/> bytes written as hex digits (either case).</summary>
    /// <param name="text">The hex text.</param>
    /// <param name="size">The expected number of bytes.</param>
    /// <param name="bytes">The bytes, or empty when false.</param>
    public static bool TryParseHex(ReadOnlySpan<char> text, int size, out byte[] bytes)
    {
        bytes = [];
        if (text.Length != size * 2 || !IsHex(text))
        {
            return false;
        }
        bytes = Convert.FromHexString(text);
        return true;
    }

    /// <summary>Decodes padded standard base64 strictly (no whitespace, no missing padding).</summary>
    /// <param name="text">The base64 text.</param>
    /// <param name="bytes">The bytes, or empty when false.</param>
    public static bool TryDecodeBase64(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 4 != 0)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return false;
            }
        }
        var buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64Chars(text, buffer, out var written))
        {
            return false;
        }
        bytes = buffer[..written];
        return true;
    }
}
