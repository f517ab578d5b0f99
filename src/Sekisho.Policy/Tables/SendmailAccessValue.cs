using System.Globalization;

namespace Sekisho.Policy.Tables;

/// <summary>
/// Parses the right-hand side of a Sendmail access database entry: <c>OK</c> (accept, no relaying), <c>RELAY</c>,
/// <c>REJECT</c>, <c>DISCARD</c>, <c>SKIP</c>, <c>ERROR:"550 text"</c>, <c>ERROR:550 text</c>,
/// <c>ERROR:5.7.1:550 text</c>, <c>ERROR:"5.7.1:550 text"</c>, <c>ERROR:"550 5.7.1 text"</c>, and the deprecated
/// <c>"550 text"</c> without <c>ERROR:</c>. Keywords are case-insensitive.
/// </summary>
internal static class SendmailAccessValue
{
    private const string Supported = "OK, RELAY, REJECT, DISCARD, SKIP and ERROR:\"5xx text\" / ERROR:D.S.N:4xx text";

    /// <summary>Parses the value.</summary>
    /// <param name="value">The right-hand side, trimmed, not empty.</param>
    /// <param name="action">The result.</param>
    /// <param name="error">Why the value is not supported.</param>
    public static bool TryParse(string value, out ParsedAction action, out string error)
    {
        error = "";
        action = ParsedAction.Permit;
        if (value.Length == 0)
        {
            error = "missing action";
            return false;
        }
        switch (value.ToUpperInvariant())
        {
            case "OK":
                action = new ParsedAction(AccessAction.PermitNoRelay);
                return true;
            case "RELAY":
                return true;
            case "REJECT":
                action = new ParsedAction(AccessAction.Reject);
                return true;
            case "DISCARD":
                action = new ParsedAction(AccessAction.Discard);
                return true;
            case "SKIP":
                action = new ParsedAction(AccessAction.Dunno);
                return true;
        }
        if (value.StartsWith("ERROR:", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseError(value[6..], out action, out error);
        }
        if (value[0] == '"' || char.IsAsciiDigit(value[0]))
        {
            return TryParseError(value, out action, out error); // "### any text": the form before ERROR:
        }
        var colon = value.IndexOf(':');
        var keyword = colon > 0 ? value[..(colon + 1)] : value.Split(' ', '\t')[0];
        error = $"unsupported action \"{keyword}\" (not supported yet; supported: {Supported})";
        return false;
    }

    private static bool TryParseError(string text, out ParsedAction action, out string error)
    {
        action = ParsedAction.Permit;
        error = "";
        if (!TryUnquote(text.Trim(), out var rest))
        {
            error = "ERROR: unterminated quoted text";
            return false;
        }
        string? enhanced = null;
        var colon = rest.IndexOf(':');
        if (colon > 0 && EnhancedStatusCode.IsCode(rest.AsSpan(0, colon)))
        {
            enhanced = rest[..colon];
            if (!TryUnquote(rest[(colon + 1)..].Trim(), out rest))
            {
                error = "ERROR: unterminated quoted text";
                return false;
            }
        }
        if (rest.Length < 3 || rest.AsSpan(0, 3).ContainsAnyExceptInRange('0', '9')
            || (rest.Length > 3 && !char.IsWhiteSpace(rest[3])) || rest[0] is not ('4' or '5'))
        {
            error = $"\"{text.Trim()}\": expected a 4xx or 5xx reply code, e.g. ERROR:\"550 text\" or ERROR:5.7.1:550 text";
            return false;
        }
        var code = int.Parse(rest.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture);
        var message = rest.Length > 3 ? rest[4..].Trim() : "";
        if (enhanced is null)
        {
            EnhancedStatusCode.Split(message, out enhanced, out var after);
            message = after ?? "";
        }
        if (enhanced is not null && enhanced[0] != rest[0])
        {
            error = $"enhanced status code {enhanced} does not match reply code {code}";
            return false;
        }
        action = new ParsedAction(rest[0] == '4' ? AccessAction.Defer : AccessAction.Reject, code, enhanced,
            message.Length == 0 ? null : message);
        return true;
    }

    private static bool TryUnquote(string text, out string inner)
    {
        inner = text;
        if (!text.StartsWith('"'))
        {
            return true;
        }
        if (text.Length < 2 || !text.EndsWith('"'))
        {
            return false;
        }
        inner = text[1..^1].Trim();
        return true;
    }
}
