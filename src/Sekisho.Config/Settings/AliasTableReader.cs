namespace Sekisho.Config;

/// <summary>
/// Reads <c>alias_maps</c> and <c>alias_database</c>: each entry is <c>TYPE:PATH</c> for a file-based table type
/// (hash, texthash, lmdb, btree, dbm, cdb; <c>proxy:</c> is unwrapped) or a bare path. Sekisho reads the
/// source file itself, so the result is the source file's absolute path. Other table types (nis:, ldap:, ...)
/// are skipped with a warning.
/// </summary>
internal static class AliasTableReader
{
    private static readonly HashSet<string> FileTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "hash", "texthash", "lmdb", "btree", "dbm", "cdb",
    };

    /// <summary>The absolute source paths of the tables in the parameter.</summary>
    /// <exception cref="ConfigException">An entry with a file type but no path.</exception>
    public static IReadOnlyList<string> Read(SettingReader reader, string name)
    {
        var paths = new List<string>();
        foreach (var entry in reader.List(name))
        {
            var (type, path) = Split(entry);
            if (type is not null && !FileTypes.Contains(type))
            {
                reader.Warn(name, $"skipping \"{entry}\": table type {type} is not supported");
                continue;
            }
            if (path.Length == 0)
            {
                throw reader.Error(name, $"missing file name in \"{entry}\"");
            }
            var resolved = reader.Configuration.ResolvePath(path);
            if (!paths.Contains(resolved, StringComparer.Ordinal))
            {
                paths.Add(resolved);
            }
        }
        return paths;
    }

    /// <summary>Splits <c>type:path</c>; the type is null for a bare path (including Windows <c>C:\...</c>).</summary>
    private static (string? Type, string Path) Split(string entry)
    {
        var text = entry.StartsWith("proxy:", StringComparison.OrdinalIgnoreCase) ? entry["proxy:".Length..] : entry;
        var colon = text.IndexOf(':');
        if (colon < 2 || !MainCfParser.IsValidName(text.AsSpan(0, colon)))
        {
            return (null, text);
        }
        return (text[..colon], text[(colon + 1)..]);
    }
}
