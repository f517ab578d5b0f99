using System.Security.Cryptography;
using Sekisho.Storage;

namespace Sekisho.Accounts;

/// <summary>
/// A file of random key bytes readable by its owner only (mode 0600), made once and kept across restarts: what
/// <see cref="DecoyKeyFile"/> and <see cref="ApopKey"/> are stored in.
/// </summary>
internal static class OwnerOnlyKeyFile
{
    /// <summary>
    /// Reads the key, or creates the file with a fresh random key when it does not exist. Creation is atomic (the file
    /// appears complete or not at all, and is made durable); when several processes race, all get the key of the one
    /// that created the file first.
    /// </summary>
    /// <param name="path">The key file; its folder is created if needed.</param>
    /// <param name="size">The key size in bytes.</param>
    /// <param name="wrongSize">The message for a file that exists with another size, from its full path and its size.</param>
    /// <returns>The key.</returns>
    /// <exception cref="InvalidDataException">The file exists but does not hold exactly <paramref name="size"/> bytes.</exception>
    /// <exception cref="IOException">The file or its folder cannot be read or written.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static byte[] LoadOrCreate(string path, int size, Func<string, int, string> wrongSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentNullException.ThrowIfNull(wrongSize);
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return Read(full, size, wrongSize);
        }
        var directory = Path.GetDirectoryName(full)!;
        DurableFile.CreateDirectory(directory);
        var temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(RandomNumberGenerator.GetBytes(size));
                stream.Flush(flushToDisk: true);
            }
            DurableFile.Commit(temporary, full, overwrite: false);
        }
        catch (IOException) when (File.Exists(full))
        {
            File.Delete(temporary); // another process created the file first: use its key
        }
        return Read(full, size, wrongSize);
    }

    private static byte[] Read(string path, int size, Func<string, int, string> wrongSize)
    {
        var key = File.ReadAllBytes(path);
        if (key.Length != size)
        {
            throw new InvalidDataException(wrongSize(path, key.Length));
        }
        return key;
    }
}
