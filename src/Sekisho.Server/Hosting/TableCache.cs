using Sekisho.Policy.Tables;

namespace Sekisho.Server.Hosting;

/// <summary>
/// Opens each table once however many restrictions and lists name it, so <c>check_client_access hash:/etc/postfix/access</c>
/// in two lists shares one loaded copy (and one reload) of the file.
/// </summary>
internal sealed class TableCache
{
    private readonly string _baseDirectory;
    private readonly Dictionary<(string Spec, TableValueMode Mode), IAccessTable> _tables = [];

    /// <summary>Creates the cache.</summary>
    /// <param name="baseDirectory">The directory relative table paths are taken from.</param>
    public TableCache(string baseDirectory) => _baseDirectory = baseDirectory;

    /// <summary>Opens <paramref name="spec"/> for <c>check_*_access</c>, or returns the copy already open.</summary>
    /// <exception cref="TableException">The table cannot be opened.</exception>
    public IAccessTable Open(string spec) => Open(spec, AccessTableOptions.Default);

    /// <summary>Opens <paramref name="spec"/> with <paramref name="options"/>, or returns the copy already open with the same value mode.</summary>
    /// <exception cref="TableException">The table cannot be opened.</exception>
    public IAccessTable Open(string spec, AccessTableOptions options)
    {
        var key = (spec.Trim(), options.Values);
        if (!_tables.TryGetValue(key, out var table))
        {
            table = AccessTableFactory.Open(spec, _baseDirectory, options);
            _tables[key] = table;
        }
        return table;
    }
}
