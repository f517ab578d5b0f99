using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sekisho.Delivery.Unix;

/// <summary>
/// Opens a file that another user controls (the maildrop folder) for reading without being led elsewhere or made to
/// wait: <c>O_NOFOLLOW</c> refuses a symbolic link and <c>O_NONBLOCK</c> keeps a FIFO swapped in after a check from
/// blocking the open. The caller still checks what it opened (<see cref="FileStatus.OfHandle"/>).
/// </summary>
public static class UntrustedFile
{
    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800; // the same on x86-64 and arm64
    private const int CloseOnExec = 0x80000;

    /// <summary><c>O_NOFOLLOW</c>: 0x20000 on x86-64, 0x8000 on arm64.</summary>
    private static int NoFollow => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>Opens <paramref name="path"/> for reading.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The open handle.</returns>
    /// <exception cref="IOException">It could not be opened (a symbolic link gives ELOOP).</exception>
    public static SafeFileHandle OpenRead(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        var fd = Open(path, ReadOnly | NonBlocking | NoFollow | CloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
