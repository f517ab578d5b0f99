namespace Sekisho.Accounts.Aliases;

/// <summary>The targets of one alias in first-seen order, duplicates (ignoring case) left out.</summary>
internal sealed class AliasTargetSet
{
    private readonly List<string> _targets = [];
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many targets there are.</summary>
    public int Count => _targets.Count;

    /// <summary>Adds a target unless it is there already.</summary>
    /// <param name="target">The target.</param>
    public void Add(string target)
    {
        if (_seen.Add(target))
        {
            _targets.Add(target);
        }
    }

    /// <summary>The targets as a read-only list.</summary>
    /// <returns>The targets in order.</returns>
    public IReadOnlyList<string> ToList() => _targets.ToArray().AsReadOnly();
}
