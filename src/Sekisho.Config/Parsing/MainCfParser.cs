using System.Text;

namespace Sekisho.Config;

/// <summary>
/// Reads Postfix <c>main.cf</c> syntax (<c>man 5 postconf</c>) into entries: <c>name = value</c> lines,
/// continuation lines that start with whitespace, and <c>#</c> comment lines. Pure: no disk, no expansion.
/// </summary>
internal static class MainCfParser
{
    /// <summary>Parses the text into entries in file order; a name set twice appears twice.</summary>
    /// <param name="text">The file contents.</param>
    /// <param name="sourceName">The source name used in error messages.</param>
    /// <exception cref="ConfigException">A continuation line before any entry, a line without <c>=</c>, a bad name, or a NUL character.</exception>
    public static IReadOnlyList<ConfigEntry> Parse(string text, string sourceName)
    {
        var entries = new List<ConfigEntry>();
        var pending = (StringBuilder?)null;
        var pendingLine = 0;
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            if (index == 0 && line.Length > 0 && line[0] == '\uFEFF')
            {
                line = line[1..];
            }
            var content = line.Trim();
            if (content.Length == 0 || content[0] == '#')
            {
                continue;
            }
            if (content.Contains('\0'))
            {
                // Values become file names, and no file name holds a NUL (Path.GetFullPath throws on one).
                throw new ConfigException(sourceName, index + 1, "NUL character in a setting (is this a text file?)");
            }
            if (char.IsWhiteSpace(line[0]))
            {
                if (pending is null)
                {
                    throw new ConfigException(sourceName, index + 1, "continuation line before any parameter setting");
                }
                pending.Append(' ').Append(content);
                continue;
            }
            if (pending is not null)
            {
                entries.Add(ToEntry(pending.ToString(), pendingLine, sourceName));
            }
            pending = new StringBuilder(content);
            pendingLine = index + 1;
        }
        if (pending is not null)
        {
            entries.Add(ToEntry(pending.ToString(), pendingLine, sourceName));
        }
        return entries;
    }

    /// <summary>True when the name is a valid parameter name: letters, digits and underscores.</summary>
    public static bool IsValidName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!IsNameChar(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True for the characters a parameter name may contain.</summary>
    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static ConfigEntry ToEntry(string logicalLine, int line, string sourceName)
    {
        var equals = logicalLine.IndexOf('=');
        if (equals < 0)
        {
            throw new ConfigException(sourceName, line, $"missing \"=\" in \"{Shorten(logicalLine)}\"");
        }
        var name = logicalLine[..equals].Trim();
        if (name.Length == 0)
        {
            throw new ConfigException(sourceName, line, "missing parameter name before \"=\"");
        }
        if (!IsValidName(name) && !ServiceOverride.TryParse(name, out _, out _))
        {
            throw new ConfigException(sourceName, line, $"bad parameter name \"{name}\" (use letters, digits and _, or service/inet/name)");
        }
        return new ConfigEntry(name, logicalLine[(equals + 1)..].Trim(), line);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
