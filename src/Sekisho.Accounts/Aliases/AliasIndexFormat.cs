using System.Globalization;
using System.Text;

namespace Sekisho.Accounts.Aliases;

/// <summary>
/// The alias index file: UTF-8 text, first line <c>SEKISHO-ALIASES 1</c>, then one line per alias
/// (name, a tab, targets separated by tabs; backslash, tab, CR and LF escaped as <c>\\ \t \r \n</c>), last
/// line <c>END &lt;count&gt;</c> so a cut-off copy is noticed. Includes are already inlined.
/// </summary>
internal static class AliasIndexFormat
{
    /// <summary>The first line of every index file.</summary>
    public const string Header = "SEKISHO-ALIASES 1";

    private const string Trailer = "END ";

    /// <summary>Writes the index of <paramref name="entries"/>.</summary>
    /// <param name="entries">The entries (names already lower-case, without duplicates).</param>
    /// <returns>The file contents.</returns>
    public static byte[] Write(IReadOnlyList<AliasEntry> entries)
    {
        var builder = new StringBuilder().Append(Header).Append('\n');
        foreach (var entry in entries)
        {
            Escape(builder, entry.Name);
            foreach (var target in entry.Targets)
            {
                Escape(builder.Append('\t'), target);
            }
            builder.Append('\n');
        }
        builder.Append(Trailer).Append(entries.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>Reads an index file's contents.</summary>
    /// <param name="text">The contents.</param>
    /// <param name="path">The file, for messages.</param>
    /// <returns>Targets by name.</returns>
    /// <exception cref="AliasException">The text is not a complete Sekisho alias index.</exception>
    public static Dictionary<string, IReadOnlyList<string>> Read(string text, string path)
    {
        var lines = text.Split('\n');
        if (lines[0] != Header)
        {
            throw new AliasException($"{path}: not a Sekisho alias index (expected first line \"{Header}\"); run `sekisho newaliases`");
        }
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith(Trailer, StringComparison.Ordinal))
            {
                var complete = int.TryParse(line.AsSpan(Trailer.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                    && count == map.Count && i == lines.Length - 2 && lines[^1].Length == 0;
                return complete ? map : throw Damaged(path, i + 1);
            }
            var fields = line.Split('\t');
            if (fields.Length < 2 || fields[0].Length == 0 || !map.TryAdd(Unescape(fields[0]), Targets(fields)))
            {
                throw Damaged(path, i + 1);
            }
        }
        throw Damaged(path, lines.Length);
    }

    private static IReadOnlyList<string> Targets(string[] fields)
    {
        var targets = new string[fields.Length - 1];
        for (var i = 1; i < fields.Length; i++)
        {
            targets[i - 1] = Unescape(fields[i]);
        }
        return targets.AsReadOnly();
    }

    private static AliasException Damaged(string path, int line) =>
        new($"{path}:{line}: damaged alias index; run `sekisho newaliases`");

    private static void Escape(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '\t' => builder.Append(@"\t"),
                '\r' => builder.Append(@"\r"),
                '\n' => builder.Append(@"\n"),
                _ => builder.Append(c),
            };
        }
    }

    private static string Unescape(string value)
    {
        if (!value.Contains('\\'))
        {
            return value;
        }
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\' || i + 1 == value.Length)
            {
                builder.Append(value[i]);
                continue;
            }
            builder.Append(value[++i] switch { 't' => '\t', 'r' => '\r', 'n' => '\n', var other => other });
        }
        return builder.ToString();
    }
}
