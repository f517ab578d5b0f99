namespace Sekisho.Policy.Tables;

/// <summary>RFC 3463 enhanced status codes at the start of reply text (<c>5.7.1 Go away</c>).</summary>
internal static class EnhancedStatusCode
{
    /// <summary>Splits a leading <c>C.S.D</c> code (class 2, 4 or 5; subject and detail of 1-3 digits) off the text.</summary>
    /// <param name="text">The reply text.</param>
    /// <param name="code">The code, or null when the text does not start with one.</param>
    /// <param name="rest">The text after the code, trimmed; null when nothing is left.</param>
    public static void Split(string? text, out string? code, out string? rest)
    {
        code = null;
        rest = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (rest is null)
        {
            return;
        }
        var end = 0;
        while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
        {
            end++;
        }
        if (IsCode(rest.AsSpan(0, end)))
        {
            code = rest[..end];
            rest = end == rest.Length ? null : rest[end..].Trim();
        }
    }

    /// <summary>True for <c>C.S.D</c> with class 2, 4 or 5 and 1-3 digit subject and detail.</summary>
    public static bool IsCode(ReadOnlySpan<char> text)
    {
        if (text.Length < 5 || text[0] is not ('2' or '4' or '5') || text[1] != '.')
        {
            return false;
        }
        var rest = text[2..];
        var dot = rest.IndexOf('.');
        return dot is >= 1 and <= 3 && rest.Length - dot - 1 is >= 1 and <= 3
            && AllDigits(rest[..dot]) && AllDigits(rest[(dot + 1)..]);
    }

    /// <summary>The code with its class digit set to the reply's (Postfix does the same to <c>REJECT 4.7.1 text</c>).</summary>
    public static string? WithClass(string? code, char replyClass) =>
        code is null || code[0] == replyClass ? code : replyClass + code[1..];

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
