namespace Sekisho.Policy.Tables;

/// <summary>The parsed contents of a key/value table (texthash, hash, inline, sendmail): normalized key to entry.</summary>
internal sealed class KeyValueSnapshot : ITableSnapshot
{
    private readonly Dictionary<string, AccessMatch> _entries;

    /// <summary>Creates the snapshot.</summary>
    /// <param name="entries">Entries by normalized (lower-case) key.</param>
    /// <param name="warnings">Warnings found while parsing.</param>
    public KeyValueSnapshot(Dictionary<string, AccessMatch> entries, IReadOnlyList<string> warnings)
    {
        _entries = entries;
        Warnings = warnings;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>The entry under the first key found, in the order given.</summary>
    public AccessMatch? FindFirst(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            if (_entries.TryGetValue(key, out var match))
            {
                return match;
            }
        }
        return null;
    }
}
