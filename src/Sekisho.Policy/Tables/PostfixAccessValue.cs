using System.Globalization;

namespace Sekisho.Policy.Tables;

/// <summary>
/// Parses a Postfix access(5) result: <c>OK</c>, <c>REJECT [text]</c>, <c>DEFER [text]</c>, <c>DEFER_IF_PERMIT</c>,
/// <c>DEFER_IF_REJECT</c>, <c>DUNNO</c>, <c>DISCARD [text]</c>, <c>NNN text</c> (optionally <c>NNN D.S.N text</c>),
/// an all-numerical value, and Sekisho's <c>PERMIT</c> and <c>RELAY</c>. Action names are case-insensitive, as in Postfix.
/// </summary>
internal static class PostfixAccessValue
{
    private const string Supported = "OK, PERMIT, RELAY, DUNNO, REJECT, DEFER, DEFER_IF_PERMIT, DEFER_IF_REJECT, DISCARD, "
        + "\"4xx text\" and \"5xx text\"";

    /// <summary>Parses the value.</summary>
    /// <param name="value">The right-hand side, trimmed, not empty.</param>
    /// <param name="mode">Whether values that are not actions are errors or plain matches.</param>
    /// <param name="action">The result.</param>
    /// <param name="error">Why the value is not supported.</param>
    public static bool TryParse(string value, TableValueMode mode, out ParsedAction action, out string error)
    {
        error = "";
        if (value.Length == 0)
        {
            action = ParsedAction.Permit;
            error = "missing result";
            return false;
        }
        var space = value.IndexOfAny([' ', '\t']);
        var command = space < 0 ? value : value[..space];
        var text = space < 0 ? null : value[(space + 1)..].Trim();
        if (command.Length == 3 && command.All(char.IsAsciiDigit))
        {
            // "550 text" rejects. A bare 4xx/5xx code is all-numerical, which Postfix would take as OK;
            // Sekisho takes the code at its word and refuses instead.
            if (TryParseReply(command, text, out action))
            {
                return true;
            }
            if (text is null)
            {
                action = ParsedAction.Permit; // all-numerical: Postfix's OK (pop-before-smtp time stamps)
                return true;
            }
            return Unsupported($"reply code {command}: a numeric result must be 2xx, 4xx or 5xx", mode, out action, out error);
        }
        if (command.All(char.IsAsciiDigit))
        {
            action = ParsedAction.Permit; // all-numerical: Postfix's OK
            return true;
        }
        switch (command.ToUpperInvariant())
        {
            case "OK":
            case "PERMIT":
            case "RELAY":
                action = ParsedAction.Permit;
                return true;
            case "DUNNO":
                action = new ParsedAction(AccessAction.Dunno);
                return true;
            case "REJECT":
                action = WithText(AccessAction.Reject, null, '5', text);
                return true;
            case "DEFER":
            case "DEFER_IF_PERMIT":
            case "DEFER_IF_REJECT":
                action = WithText(AccessAction.Defer, null, '4', text);
                return true;
            case "DISCARD":
                action = new ParsedAction(AccessAction.Discard, Text: text is { Length: > 0 } ? text : null);
                return true;
        }
        var problem = command.Contains('_')
            ? $"\"{command}\": restriction names as access table results are not supported yet (supported: {Supported})"
            : $"unsupported action \"{command}\" (not supported yet; supported: {Supported})";
        return Unsupported(problem, mode, out action, out error);
    }

    private static bool TryParseReply(string command, string? text, out ParsedAction action)
    {
        var code = int.Parse(command, NumberStyles.None, CultureInfo.InvariantCulture);
        switch (command[0])
        {
            case '2' when text is not null:
                action = ParsedAction.Permit;
                return true;
            case '4':
                action = WithText(AccessAction.Defer, code, '4', text);
                return true;
            case '5':
                action = WithText(AccessAction.Reject, code, '5', text);
                return true;
            default:
                action = ParsedAction.Permit;
                return false;
        }
    }

    private static ParsedAction WithText(AccessAction kind, int? code, char replyClass, string? text)
    {
        EnhancedStatusCode.Split(text, out var enhanced, out var rest);
        return new ParsedAction(kind, code, EnhancedStatusCode.WithClass(enhanced, replyClass), rest);
    }

    private static bool Unsupported(string problem, TableValueMode mode, out ParsedAction action, out string error)
    {
        action = ParsedAction.Permit;
        error = problem;
        return mode == TableValueMode.MatchList;
    }
}
