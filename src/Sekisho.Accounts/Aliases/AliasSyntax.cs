using System.Text;

namespace Sekisho.Accounts.Aliases;

/// <summary>
/// The lexical rules of aliases(5) entries: <c>name: target, target</c>, where the name and any target may
/// be a double-quoted string (in which commas, colons and spaces are ordinary characters and a backslash
/// escapes the next character).
/// </summary>
internal static class AliasSyntax
{
    /// <summary>The prefix of an include target.</summary>
    public const string IncludePrefix = ":include:";

    /// <summary>Splits a logical line into its name and the text after the colon.</summary>
    /// <param name="line">The logical line.</param>
    /// <param name="name">The name, unquoted but not yet lower-cased.</param>
    /// <param name="value">The target list text.</param>
    /// <param name="problem">Why the line is not an entry.</param>
    /// <returns><see langword="true"/> when the line is an entry.</returns>
    public static bool TrySplitEntry(string line, out string name, out string value, out string problem)
    {
        name = value = problem = "";
        string rest;
        if (line.StartsWith('"'))
        {
            var close = FindClosingQuote(line, 0);
            if (close < 0)
            {
                problem = "unterminated quoted alias name";
                return false;
            }
            name = Unquote(line[..(close + 1)]);
            rest = line[(close + 1)..].TrimStart();
        }
        else
        {
            var colon = line.IndexOf(':');
            name = colon < 0 ? line : line[..colon].Trim();
            rest = colon < 0 ? "" : line[colon..];
        }
        if (!rest.StartsWith(':'))
        {
            problem = $"missing colon after alias name (expected \"name: target, ...\"): {Shorten(line)}";
            return false;
        }
        if (name.Length == 0)
        {
            problem = "empty alias name";
            return false;
        }
        value = rest[1..];
        return true;
    }

    /// <summary>Splits a target list on the commas that are not inside double quotes.</summary>
    /// <param name="value">The target list text.</param>
    /// <param name="targets">Receives the raw targets, trimmed, empty ones left out.</param>
    /// <returns><see langword="false"/> when a quoted string is not terminated.</returns>
    public static bool TrySplitTargets(string value, List<string> targets)
    {
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '"')
            {
                i = FindClosingQuote(value, i);
                if (i < 0)
                {
                    return false;
                }
            }
            else if (value[i] == ',')
            {
                AddTrimmed(value[start..i], targets);
                start = i + 1;
            }
        }
        AddTrimmed(value[start..], targets);
        return true;
    }

    /// <summary>Whether a target has white space outside quotes (two targets missing a comma, usually).</summary>
    /// <param name="target">A raw target.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public static bool HasBareWhitespace(string target)
    {
        for (var i = 0; i < target.Length; i++)
        {
            if (target[i] == '"')
            {
                i = FindClosingQuote(target, i);
                if (i < 0)
                {
                    return false;
                }
            }
            else if (char.IsWhiteSpace(target[i]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Removes the quotes around a wholly quoted string and its backslash escapes; other text is returned as is.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The unquoted text.</returns>
    public static string Unquote(string text)
    {
        if (text.Length < 2 || text[0] != '"' || FindClosingQuote(text, 0) != text.Length - 1)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        for (var i = 1; i < text.Length - 1; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length - 1)
            {
                i++;
            }
            builder.Append(text[i]);
        }
        return builder.ToString();
    }

    private static int FindClosingQuote(string text, int open)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
        }
        return -1;
    }

    private static void AddTrimmed(string target, List<string> targets)
    {
        var trimmed = target.Trim();
        if (trimmed.Length > 0)
        {
            targets.Add(trimmed);
        }
    }

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..57] + "...";
}
