namespace Sekisho.Policy.Tables;

/// <summary>
/// Asks every file table of the process to read its file again (the server's SIGHUP, <c>sekisho reload</c>). Tables
/// otherwise reload only when a lookup finds the file's size or time stamp changed, at most once a second; after
/// <see cref="RequestAll"/> the next lookup of each table parses its file whatever the stamp says (a file copied
/// with its old time stamp and size, <c>cp -p</c>, <c>rsync -t</c>), and a table whose file cannot be loaded keeps
/// its previous contents, as on any reload.
/// </summary>
public static class TableReloads
{
    private static long _generation;

    /// <summary>Bumped by each <see cref="RequestAll"/>; a table that has seen an older value reloads.</summary>
    internal static long Generation => Volatile.Read(ref _generation);

    /// <summary>Makes the next lookup of every file table read its file again.</summary>
    public static void RequestAll() => Interlocked.Increment(ref _generation);
}
