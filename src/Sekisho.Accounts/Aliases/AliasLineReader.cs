using System.Text;

namespace Sekisho.Accounts.Aliases;

/// <summary>
/// Splits an aliases file into logical lines as Postfix does: a line that starts with white space continues
/// the previous entry; blank lines and lines whose first non-blank character is <c>#</c> are skipped (and do
/// not end an entry).
/// </summary>
internal static class AliasLineReader
{
    /// <summary>Reads the logical lines of <paramref name="text"/>.</summary>
    /// <param name="text">The file contents.</param>
    /// <param name="fileName">The file name, for messages.</param>
    /// <param name="warnings">Receives a warning for a continuation line with no entry to continue.</param>
    /// <returns>The logical lines in file order.</returns>
    public static List<AliasLogicalLine> Read(string text, string fileName, List<string> warnings)
    {
        var lines = new List<AliasLogicalLine>();
        StringBuilder? current = null;
        var start = 0;
        var physical = text.Split('\n');
        for (var i = 0; i < physical.Length; i++)
        {
            var raw = physical[i].TrimEnd('\r');
            var trimmed = raw.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }
            if (char.IsWhiteSpace(raw[0]))
            {
                if (current is null)
                {
                    warnings.Add($"{fileName}:{i + 1}: continuation line without a preceding entry; ignored");
                }
                else
                {
                    current.Append(' ').Append(trimmed);
                }
                continue;
            }
            if (current is not null)
            {
                lines.Add(new AliasLogicalLine(current.ToString(), start));
            }
            current = new StringBuilder(trimmed);
            start = i + 1;
        }
        if (current is not null)
        {
            lines.Add(new AliasLogicalLine(current.ToString(), start));
        }
        return lines;
    }
}
