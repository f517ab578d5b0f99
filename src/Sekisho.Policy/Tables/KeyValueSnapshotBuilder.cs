namespace Sekisho.Policy.Tables;

/// <summary>
/// Collects entries for a <see cref="KeyValueSnapshot"/>. When a key appears twice the first entry wins and the second
/// is reported as a warning, as postmap(1) and makemap(8) do.
/// </summary>
internal sealed class KeyValueSnapshotBuilder
{
    private readonly Dictionary<string, (AccessMatch Match, int Line)> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];

    /// <summary>Adds an entry.</summary>
    /// <param name="normalizedKey">The key as lookups spell it (lower case).</param>
    /// <param name="match">The entry.</param>
    /// <param name="where">The file path or table name, for the warning.</param>
    /// <param name="line">The entry's line, or 0.</param>
    public void Add(string normalizedKey, AccessMatch match, string where, int line)
    {
        if (_entries.TryGetValue(normalizedKey, out var first))
        {
            var firstAt = first.Line > 0 ? $"line {first.Line}" : "the first one";
            Warn(where, line, $"duplicate entry \"{match.Key}\" ignored: {firstAt} wins");
            return;
        }
        _entries.Add(normalizedKey, (match, line));
    }

    /// <summary>Records a warning.</summary>
    public void Warn(string where, int line, string problem) =>
        _warnings.Add(line > 0 ? $"{where}:{line}: {problem}" : $"{where}: {problem}");

    /// <summary>The snapshot.</summary>
    public KeyValueSnapshot Build() =>
        new(_entries.ToDictionary(e => e.Key, e => e.Value.Match, StringComparer.Ordinal), _warnings.ToArray());
}
