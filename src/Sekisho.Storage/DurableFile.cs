using System.Runtime.InteropServices;

namespace Sekisho.Storage;

/// <summary>
/// The one durable-write helper of Sekisho: write to a temporary file, fsync it, rename it into place,
/// fsync the folder. A crash at any moment leaves either the old state or the complete new file, never a
/// torn one. Used by the spool, Maildir delivery and compiled tables alike.
/// </summary>
public static partial class DurableFile
{
    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> atomically and durably.</summary>
    /// <param name="path">Final path of the file.</param>
    /// <param name="contents">The bytes to write.</param>
    /// <param name="cancellationToken">Cancels before the rename; a cancelled write leaves no file behind.</param>
    public static async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> contents, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(contents, cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
        SyncDirectory(directory);
    }

    /// <summary>
    /// Moves a complete, already-fsynced file into place and makes the rename durable by fsyncing the
    /// destination folder (and the source folder when it differs).
    /// </summary>
    /// <param name="source">The file to move.</param>
    /// <param name="destination">Where it goes.</param>
    /// <param name="overwrite">Whether an existing destination may be replaced.</param>
    public static void Commit(string source, string destination, bool overwrite = false)
    {
        File.Move(source, destination, overwrite);
        var destinationDirectory = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        var sourceDirectory = Path.GetDirectoryName(Path.GetFullPath(source))!;
        SyncDirectory(destinationDirectory);
        if (!string.Equals(sourceDirectory, destinationDirectory, StringComparison.Ordinal))
        {
            SyncDirectory(sourceDirectory);
        }
    }

    /// <summary>Deletes a file and makes the deletion durable.</summary>
    /// <param name="path">The file to delete; a missing file is not an error.</param>
    public static void Delete(string path)
    {
        if (!TryDelete(path))
        {
            return;
        }
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Flushes a folder's entries (creations, renames, deletions) to disk.</summary>
    /// <param name="directory">The folder to sync.</param>
    /// <exception cref="IOException">The folder could not be opened or synced.</exception>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return; // Windows has no folder fsync; NTFS journals metadata.
        }
        var fd = Open(directory, ORdOnly | OCloexec); // a folder opens read-only; O_DIRECTORY differs by arch
        if (fd < 0)
        {
            throw new IOException($"cannot open folder {directory} for fsync (errno {Marshal.GetLastPInvokeError()})");
        }
        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of folder {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>
    /// Makes a rename durable in a folder this process may write but not read (the 1733 maildrop folder, for any user
    /// but its owner): such a folder cannot be opened to be fsynced, so the whole file system holding
    /// <paramref name="file"/> is synced instead (<c>syncfs(2)</c>).
    /// </summary>
    /// <param name="directory">The folder the file was renamed in.</param>
    /// <param name="file">The renamed file, still open.</param>
    /// <exception cref="IOException">Neither sync succeeded.</exception>
    public static void SyncRenameIn(string directory, Microsoft.Win32.SafeHandles.SafeFileHandle file)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            SyncDirectory(directory);
        }
        catch (IOException) when (OperatingSystem.IsLinux())
        {
            if (SyncFileSystem(file) != 0)
            {
                throw new IOException($"syncfs for folder {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
    }

    /// <summary>Creates a folder (and its parents) and makes its entry in the parent durable.</summary>
    /// <param name="directory">The folder to create.</param>
    public static void CreateDirectory(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (Directory.Exists(full))
        {
            return;
        }
        var parent = Path.GetDirectoryName(full);
        if (parent is not null)
        {
            CreateDirectory(parent);
        }
        Directory.CreateDirectory(full);
        if (parent is not null)
        {
            SyncDirectory(parent);
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private const int ORdOnly = 0;
    private const int OCloexec = 0x80000; // same on x86-64 and arm64

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFileSystem(Microsoft.Win32.SafeHandles.SafeFileHandle fd);
}
