namespace Sekisho.Accounts.Aliases;

/// <summary>
/// The targets of one alias in first-seen order, duplicates left out: names and addresses compared ignoring
/// case, <c>|command</c> and <c>/file</c> targets exactly (case matters to a shell and a file system).
/// </summary>
internal sealed class AliasTargetSet
{
    private readonly List<string> _targets = [];
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _seenExactly = new(StringComparer.Ordinal);

    /// <summary>How many targets there are.</summary>
    public int Count => _targets.Count;

    /// <summary>Adds a target unless it is there already.</summary>
    /// <param name="target">The target.</param>
    public void Add(string target)
    {
        var seen = target.StartsWith('|') || target.StartsWith('/') ? _seenExactly : _seen;
        if (seen.Add(target))
        {
            _targets.Add(target);
        }
    }

    /// <summary>The targets as a read-only list.</summary>
    /// <returns>The targets in order.</returns>
    public IReadOnlyList<string> ToList() => _targets.ToArray().AsReadOnly();
}
