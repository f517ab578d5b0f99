namespace Sekisho.Accounts.Aliases;

/// <summary>One index file of <see cref="AliasMaps"/> as last loaded: immutable, replaced whole on reload.</summary>
/// <param name="IndexPath">The index file.</param>
/// <param name="Stamp">The file's stamp when it was loaded.</param>
/// <param name="Index">Its aliases (empty when it is missing).</param>
/// <param name="Warning">Why the file is not (or no longer) in use, when it is not.</param>
internal sealed record AliasMapFile(string IndexPath, FileStamp Stamp, AliasIndex Index, string? Warning)
{
    /// <summary>Loads an index file.</summary>
    /// <param name="indexPath">The index file.</param>
    /// <param name="previous">The version loaded before, kept when the new file cannot be read.</param>
    /// <returns>The loaded state.</returns>
    public static AliasMapFile Load(string indexPath, AliasMapFile? previous)
    {
        var stamp = FileStamp.Of(indexPath); // before reading: a replacement during the read shows at the next check
        if (!stamp.Exists)
        {
            return new AliasMapFile(indexPath, stamp, AliasIndex.Empty,
                $"{indexPath}: alias index not found; its aliases are not in use (run `sekisho newaliases`)");
        }
        try
        {
            return new AliasMapFile(indexPath, stamp, AliasIndex.Load(indexPath), null);
        }
        catch (AliasException exception)
        {
            var kept = previous is { Index.Count: > 0 } ? "; keeping the version loaded before" : "";
            return new AliasMapFile(indexPath, stamp, previous?.Index ?? AliasIndex.Empty, exception.Message + kept);
        }
    }
}
