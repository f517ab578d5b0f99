using System.Globalization;
using System.Text;

namespace Sekisho.Delivery.Maildrop;

/// <summary>
/// The one-session-per-mailbox lock: <see cref="FileName"/> in the Maildir, held open with
/// <see cref="FileShare.None"/>. On Linux and macOS .NET turns that into an exclusive <c>flock(2)</c>, which
/// conflicts across processes and across file handles of the same process, and which the kernel drops when the
/// handle closes or the process dies; a crashed server never leaves a lock that blocks. On Windows it is a share
/// lock with the same properties. The file itself stays (deleting a lock file races with the next locker); it only
/// holds the process id of the last holder, for the admin.
/// </summary>
/// <remarks>
/// Setting <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> turns .NET's file locking off and with it this lock. Whether
/// <c>flock</c> works across hosts on a network file system depends on the file system.
/// </remarks>
internal sealed class MaildropLock : IDisposable
{
    /// <summary>The lock file's name in the Maildir folder (a dot file, so Maildir readers skip it).</summary>
    public const string FileName = ".sekisho-pop3.lock";

    private readonly FileStream _file;

    private MaildropLock(FileStream file) => _file = file;

    /// <summary>Takes the lock without waiting.</summary>
    /// <param name="maildir">The Maildir folder (it must exist).</param>
    /// <returns>The held lock, or null when another session holds it.</returns>
    /// <exception cref="IOException">The lock file cannot be opened for another reason.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to open the lock file.</exception>
    public static MaildropLock? TryAcquire(string maildir)
    {
        FileStream file;
        try
        {
            file = new FileStream(Path.Combine(maildir, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (IOException exception) when (IsLockConflict(exception))
        {
            return null;
        }
        try
        {
            file.SetLength(0);
            file.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            file.Flush();
        }
        catch (IOException)
        {
            // The pid is only a hint for the admin; a full disk must not keep anyone from their mail.
        }
        return new MaildropLock(file);
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file.Dispose();

    /// <summary>
    /// Whether opening failed because someone else holds the lock: on Unix .NET reports <c>EWOULDBLOCK</c> from
    /// <c>flock</c> as an <see cref="IOException"/> whose HResult is the errno (11 on Linux, 35 on macOS and BSD);
    /// on Windows it is a sharing or lock violation.
    /// </summary>
    private static bool IsLockConflict(IOException exception) => exception.GetType() == typeof(IOException) && exception.HResult switch
    {
        11 => OperatingSystem.IsLinux(),
        35 => OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD(),
        unchecked((int)0x80070020) or unchecked((int)0x80070021) => OperatingSystem.IsWindows(),
        _ => false,
    };
}
