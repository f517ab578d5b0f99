namespace Sekisho.Accounts.Aliases;

/// <summary>What tells that a file changed: whether it exists, its modification time and its size.</summary>
/// <param name="Exists">Whether the file exists.</param>
/// <param name="LastWriteTicks">Its modification time (UTC ticks).</param>
/// <param name="Length">Its size in bytes.</param>
internal readonly record struct FileStamp(bool Exists, long LastWriteTicks, long Length)
{
    /// <summary>Looks at a file now.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its stamp; a file that cannot be looked at counts as missing.</returns>
    public static FileStamp Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(true, info.LastWriteTimeUtc.Ticks, info.Length) : default;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return default;
        }
    }
}
