namespace Sekisho.Policy.Tables;

/// <summary>
/// Holds a table's current snapshot. For a file, a lookup looks at the file's size and modification time at most once
/// per <see cref="AccessTableOptions.ReloadCheckInterval"/>; when they changed, the thread that noticed parses the file
/// and swaps the new snapshot in whole, while other threads go on with the previous one. A file that fails to load
/// (syntax error, removed) leaves the previous snapshot in place and sets <see cref="LastReloadError"/>. After
/// <see cref="TableReloads.RequestAll"/> the next lookup reloads the file at once, changed stamp or not.
/// </summary>
/// <typeparam name="T">The snapshot type.</typeparam>
internal sealed class SnapshotSource<T>
    where T : class, ITableSnapshot
{
    private readonly string? _path;
    private readonly Func<string, T>? _load;
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private readonly object _gate = new();
    private volatile T _current;
    private volatile string? _lastError;
    private FileStamp _stamp;
    private long _nextCheck;
    private long _generation = TableReloads.Generation;

    private SnapshotSource(T initial, string? path, Func<string, T>? load, FileStamp stamp, AccessTableOptions options)
    {
        _current = initial;
        _path = path;
        _load = load;
        _stamp = stamp;
        _time = options.TimeProvider;
        _intervalTicks = (long)(options.ReloadCheckInterval.TotalSeconds * _time.TimestampFrequency);
        _nextCheck = _time.GetTimestamp() + _intervalTicks;
    }

    /// <summary>The current snapshot (after reloading it if the file changed and the check interval has passed).</summary>
    public T Current
    {
        get
        {
            if (_path is not null && (_time.GetTimestamp() >= Volatile.Read(ref _nextCheck) || Volatile.Read(ref _generation) != TableReloads.Generation))
            {
                CheckFile();
            }
            return _current;
        }
    }

    /// <summary>Why the last reload failed, or null.</summary>
    public string? LastReloadError => _lastError;

    /// <summary>A snapshot that never changes (inline tables).</summary>
    public static SnapshotSource<T> Fixed(T snapshot) => new(snapshot, null, null, default, AccessTableOptions.Default);

    /// <summary>Loads the file now and watches it from then on.</summary>
    /// <exception cref="TableException">The file cannot be read or parsed.</exception>
    public static SnapshotSource<T> FromFile(string path, Func<string, T> load, AccessTableOptions options)
    {
        var stamp = FileStamp.Of(path);
        return new SnapshotSource<T>(load(path), path, load, stamp, options);
    }

    private void CheckFile()
    {
        if (!Monitor.TryEnter(_gate))
        {
            return; // another thread is checking or reloading; use the current snapshot meanwhile
        }
        try
        {
            Volatile.Write(ref _nextCheck, _time.GetTimestamp() + _intervalTicks);
            var generation = TableReloads.Generation;
            var forced = generation != Volatile.Read(ref _generation);
            Volatile.Write(ref _generation, generation);
            var stamp = FileStamp.Of(_path!);
            if (stamp == _stamp && !forced)
            {
                return;
            }
            _stamp = stamp; // a failed load is not retried until the file changes again
            if (!stamp.Exists)
            {
                _lastError = $"{_path}: the file is gone; keeping the contents loaded before";
                return;
            }
            try
            {
                _current = _load!(_path!);
                _lastError = null;
            }
            catch (TableException exception)
            {
                _lastError = exception.Message + " (keeping the contents loaded before)";
            }
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    /// <summary>What tells a changed file: existence, size and modification time.</summary>
    private readonly record struct FileStamp(bool Exists, long Length, long WriteTicks)
    {
        public static FileStamp Of(string path)
        {
            try
            {
                var info = new FileInfo(path);
                return info.Exists ? new FileStamp(true, info.Length, info.LastWriteTimeUtc.Ticks) : default;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return default;
            }
        }
    }
}
