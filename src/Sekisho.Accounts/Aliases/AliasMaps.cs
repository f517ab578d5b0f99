namespace Sekisho.Accounts.Aliases;

/// <summary>
/// The alias maps the server reads (<c>alias_maps = hash:/etc/aliases, ...</c>): the index of each source
/// file (<see cref="AliasIndex.IndexPathFor"/>), looked up in order. At most once a second a lookup checks
/// the index files' modification time and size and reloads the ones that changed, so <c>sekisho newaliases</c>
/// takes effect without a restart. Lookups never wait: they read an immutable snapshot.
/// </summary>
public sealed class AliasMaps
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _timeProvider;
    private readonly Lock _reloadLock = new();
    private volatile AliasMapFile[] _files;
    private long _lastCheck;

    /// <summary>Loads the indexes of <paramref name="sourcePaths"/>; a missing or bad index is an empty map and a warning.</summary>
    /// <param name="sourcePaths">The aliases source files, in lookup order.</param>
    /// <param name="timeProvider">The clock for the once-a-second check; the system clock when <see langword="null"/>.</param>
    public AliasMaps(IReadOnlyList<string> sourcePaths, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(sourcePaths);
        _timeProvider = timeProvider ?? TimeProvider.System;
        IndexPaths = sourcePaths.Select(AliasIndex.IndexPathFor).ToArray().AsReadOnly();
        _files = IndexPaths.Select(path => AliasMapFile.Load(path, null)).ToArray();
        _lastCheck = _timeProvider.GetTimestamp();
    }

    /// <summary>The index files, in lookup order.</summary>
    public IReadOnlyList<string> IndexPaths { get; }

    /// <summary>Why some index files are not in use right now (missing, damaged); empty when all are fine.</summary>
    public IReadOnlyList<string> Warnings => _files.Where(file => file.Warning is not null).Select(file => file.Warning!).ToArray();

    /// <summary>Looks an alias up in each map in turn; the first map that has it wins.</summary>
    /// <param name="name">The alias name, in any letter case.</param>
    /// <param name="targets">Its targets, or an empty list.</param>
    /// <returns><see langword="true"/> when some map has the alias.</returns>
    public bool TryGetTargets(string name, out IReadOnlyList<string> targets)
    {
        ArgumentNullException.ThrowIfNull(name);
        CheckIfDue();
        foreach (var file in _files)
        {
            if (file.Index.TryGetTargets(name, out targets))
            {
                return true;
            }
        }
        targets = [];
        return false;
    }

    /// <summary>Checks the index files now (e.g. on SIGHUP) and reloads those that changed.</summary>
    public void Refresh()
    {
        lock (_reloadLock)
        {
            Volatile.Write(ref _lastCheck, _timeProvider.GetTimestamp());
            ReloadChanged();
        }
    }

    private void CheckIfDue()
    {
        if (_timeProvider.GetElapsedTime(Volatile.Read(ref _lastCheck)) < CheckInterval || !_reloadLock.TryEnter())
        {
            return; // not due, or another thread is checking: use the current snapshot
        }
        try
        {
            if (_timeProvider.GetElapsedTime(Volatile.Read(ref _lastCheck)) >= CheckInterval)
            {
                Volatile.Write(ref _lastCheck, _timeProvider.GetTimestamp());
                ReloadChanged();
            }
        }
        finally
        {
            _reloadLock.Exit();
        }
    }

    private void ReloadChanged()
    {
        var current = _files;
        AliasMapFile[]? next = null;
        for (var i = 0; i < current.Length; i++)
        {
            if (FileStamp.Of(current[i].IndexPath) != current[i].Stamp)
            {
                next ??= (AliasMapFile[])current.Clone();
                next[i] = AliasMapFile.Load(current[i].IndexPath, current[i]);
            }
        }
        if (next is not null)
        {
            _files = next;
        }
    }
}
