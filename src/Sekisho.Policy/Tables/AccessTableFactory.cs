namespace Sekisho.Policy.Tables;

/// <summary>
/// Opens the table a restriction or <c>mynetworks</c> names, <c>type:path</c> or <c>inline:{...}</c>:
/// <list type="bullet">
/// <item><c>cidr:</c> Postfix cidr_table(5), first matching line wins (<see cref="CidrTableParser"/>).</item>
/// <item><c>texthash:</c>, <c>hash:</c>, <c>btree:</c>, <c>lmdb:</c>, <c>dbm:</c>: a Postfix access(5) file, read from
/// its source text (no <c>postmap</c> needed; <see cref="TexthashTableParser"/>).</item>
/// <item><c>inline:{ key=value, ... }</c> (<see cref="InlineTableParser"/>).</item>
/// <item><c>sendmail:</c> the Sendmail access database source (<see cref="SendmailAccessParser"/>).</item>
/// <item><c>xmail:</c> XMail's smtprelay.tab (<see cref="XmailRelayParser"/>).</item>
/// </list>
/// File tables reload themselves when the file's size or time stamp changes (looked at most once a second).
/// Every table returned also implements <see cref="ITableDiagnostics"/>.
/// </summary>
public static class AccessTableFactory
{
    /// <summary>The table types Sekisho reads.</summary>
    public static IReadOnlyList<string> SupportedTypes { get; } = ["cidr", "texthash", "hash", "btree", "lmdb", "dbm", "inline", "sendmail", "xmail"];

    /// <summary>Opens a table for <c>check_*_access</c> (values must be supported access actions).</summary>
    /// <param name="spec">The table as written, e.g. <c>cidr:/etc/postfix/clients.cidr</c>.</param>
    /// <param name="baseDirectory">The directory relative paths are taken from (the configuration file's).</param>
    /// <exception cref="TableException">The type is not supported, the file cannot be read, or an entry is not valid.</exception>
    public static IAccessTable Open(string spec, string baseDirectory) => Open(spec, baseDirectory, AccessTableOptions.Default);

    /// <summary>Opens a table.</summary>
    /// <param name="spec">The table as written, e.g. <c>cidr:/etc/postfix/clients.cidr</c>.</param>
    /// <param name="baseDirectory">The directory relative paths are taken from (the configuration file's).</param>
    /// <param name="options">How values are read and how often the file is looked at.</param>
    /// <exception cref="TableException">The type is not supported, the file cannot be read, or an entry is not valid.</exception>
    public static IAccessTable Open(string spec, string baseDirectory, AccessTableOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var name = spec.Trim();
        var colon = name.IndexOf(':');
        if (colon <= 0)
        {
            throw new TableException(name, 0, "expected type:name, e.g. hash:/etc/postfix/access or cidr:/etc/postfix/clients.cidr");
        }
        var type = name[..colon].ToLowerInvariant();
        var rest = name[(colon + 1)..].Trim();
        var mode = options.Values;
        if (type == "inline")
        {
            return new PostfixAccessTable(name, SnapshotSource<KeyValueSnapshot>.Fixed(InlineTableParser.Parse(name, rest, mode)));
        }
        if (!SupportedTypes.Contains(type))
        {
            throw new TableException(type, 0, $"unsupported table type (supported: {string.Join(", ", SupportedTypes.Select(t => t + ":"))})");
        }
        if (rest.Length == 0)
        {
            throw new TableException(name, 0, "no file name after the table type");
        }
        var path = Path.GetFullPath(Path.IsPathRooted(rest) ? rest : Path.Combine(baseDirectory, rest));
        switch (type)
        {
            case "cidr":
                return new NetworkAccessTable(name, SnapshotSource<CidrSnapshot>.FromFile(path, p => CidrTableParser.Load(p, mode), options), matchesHeloAddresses: true);
            case "xmail":
                return new NetworkAccessTable(name, SnapshotSource<CidrSnapshot>.FromFile(path, XmailRelayParser.Load, options), matchesHeloAddresses: false);
            case "sendmail":
                return new SendmailAccessTable(name, SnapshotSource<KeyValueSnapshot>.FromFile(SourceOf(path), SendmailAccessParser.Load, options));
            default:
                return new PostfixAccessTable(name, SnapshotSource<KeyValueSnapshot>.FromFile(SourceOf(path), p => TexthashTableParser.Load(p, mode), options));
        }
    }

    /// <summary>
    /// The source text of an indexed table: <c>access.db</c> written by mistake means <c>access</c> when that exists.
    /// When only the binary <c>PATH.db</c> exists (no source text), says so.
    /// </summary>
    private static string SourceOf(string path)
    {
        if (File.Exists(path))
        {
            return path.EndsWith(".db", StringComparison.Ordinal) && File.Exists(path[..^3]) ? path[..^3] : path;
        }
        if (File.Exists(path + ".db"))
        {
            throw new TableException(path, 0, $"only the binary database {path}.db exists: Sekisho reads the source text file "
                + "that postmap or makemap was run on, so put it back at this path");
        }
        return path;
    }
}
