using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Sekisho.Protocol.Sasl;

/// <summary>
/// The <c>name=value</c> lists of DIGEST-MD5 (RFC 2831 7.1): comma-separated, empty elements and linear white
/// space allowed, values as tokens or quoted strings with backslash escapes. Names are case-insensitive; a name
/// given twice is an error (RFC 2831 2.1.2 says each directive appears at most once).
/// </summary>
internal static class DigestMd5Directives
{
    private const int MaxDirectives = 32;

    /// <summary>Parses a directive list.</summary>
    /// <param name="text">The decoded message.</param>
    /// <param name="directives">The values by lower-case name, or null when the list is malformed.</param>
    public static bool TryParse(string text, [NotNullWhen(true)] out Dictionary<string, string>? directives)
    {
        directives = null;
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (true)
        {
            while (i < text.Length && (text[i] == ',' || IsSpace(text[i])))
            {
                i++;
            }
            if (i == text.Length)
            {
                break;
            }
            var nameStart = i;
            while (i < text.Length && IsTokenChar(text[i]))
            {
                i++;
            }
            var name = text[nameStart..i];
            SkipSpace(text, ref i);
            if (name.Length == 0 || i == text.Length || text[i] != '=')
            {
                return false;
            }
            i++;
            SkipSpace(text, ref i);
            if (!TryReadValue(text, ref i, out var value) || !result.TryAdd(name, value) || result.Count > MaxDirectives)
            {
                return false;
            }
            SkipSpace(text, ref i);
            if (i < text.Length && text[i] != ',')
            {
                return false;
            }
        }
        directives = result;
        return true;
    }

    /// <summary>Writes a quoted string, escaping <c>"</c> and <c>\</c>.</summary>
    /// <param name="value">The value.</param>
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static bool TryReadValue(string text, ref int i, out string value)
    {
        value = "";
        if (i < text.Length && text[i] == '"')
        {
            var builder = new StringBuilder();
            for (i++; i < text.Length; i++)
            {
                if (text[i] == '"')
                {
                    i++;
                    value = builder.ToString();
                    return true;
                }
                if (text[i] == '\\' && ++i == text.Length)
                {
                    return false;
                }
                builder.Append(text[i]);
            }
            return false;
        }
        var start = i;
        while (i < text.Length && IsTokenChar(text[i]))
        {
            i++;
        }
        value = text[start..i];
        return value.Length > 0;
    }

    private static void SkipSpace(string text, ref int i)
    {
        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    // RFC 2616 token: CHARs except CTLs and separators.
    private static bool IsTokenChar(char c) => c is > ' ' and < '\u007f' && !"()<>@,;:\\\"/[]?={}".Contains(c);
}
