using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sekisho.Delivery.Unix;

/// <summary>
/// What Linux <c>statx(2)</c> says about a file: owner, group, mode and type, link count and identity. .NET has
/// no API for a file's owner, and the checks that guard writing as root need it.
/// </summary>
/// <param name="Uid">The owner's user id.</param>
/// <param name="Gid">The file's group id.</param>
/// <param name="Mode">The type and permission bits (<c>st_mode</c>).</param>
/// <param name="LinkCount">How many hard links the file has.</param>
/// <param name="Inode">The inode number.</param>
/// <param name="Device">The device, major and minor numbers combined.</param>
public readonly record struct FileStatus(uint Uid, uint Gid, uint Mode, uint LinkCount, ulong Inode, ulong Device)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;

    /// <summary>Whether it is a regular file.</summary>
    public bool IsRegularFile => (Mode & 0xF000) == 0x8000;

    /// <summary>Whether it is a symbolic link (only seen when links are not followed).</summary>
    public bool IsSymbolicLink => (Mode & 0xF000) == 0xA000;

    /// <summary>Whether it is a directory.</summary>
    public bool IsDirectory => (Mode & 0xF000) == 0x4000;

    /// <summary>Whether <paramref name="user"/> may write it by its permission bits (owner, then primary group, then others).</summary>
    /// <param name="user">The user.</param>
    /// <returns><see langword="true"/> when the matching write bit is set.</returns>
    public bool IsWritableBy(SystemUser user) =>
        Uid == user.Uid ? (Mode & 0x80) != 0 : Gid == user.Gid ? (Mode & 0x10) != 0 : (Mode & 0x2) != 0;

    /// <summary>The status of a path.</summary>
    /// <param name="path">The path.</param>
    /// <param name="followLinks">Whether a final symbolic link is followed (else the link itself is described).</param>
    /// <returns>The status, or <see langword="null"/> when nothing is there.</returns>
    /// <exception cref="IOException">statx failed for another reason (the error in the message).</exception>
    public static FileStatus? Of(string path, bool followLinks)
    {
        var buffer = new byte[StatxSize];
        if (Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, buffer) == 0)
        {
            return Read(buffer);
        }
        var errno = Marshal.GetLastPInvokeError();
        return errno is 2 or 20 ? null : throw new IOException($"cannot stat {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    /// <summary>The status of an open file.</summary>
    /// <param name="handle">The file's handle.</param>
    /// <returns>The status.</returns>
    /// <exception cref="IOException">statx failed.</exception>
    public static FileStatus OfHandle(SafeFileHandle handle)
    {
        var buffer = new byte[StatxSize];
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (Statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxBasicStats, buffer) != 0)
            {
                throw new IOException("cannot stat open file: " + Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
        return Read(buffer);
    }

    private static FileStatus Read(byte[] buffer)
    {
        var span = buffer.AsSpan();
        var device = ((ulong)BitConverter.ToUInt32(span[136..]) << 32) | BitConverter.ToUInt32(span[140..]);
        return new FileStatus(
            Uid: BitConverter.ToUInt32(span[20..]),
            Gid: BitConverter.ToUInt32(span[24..]),
            Mode: BitConverter.ToUInt16(span[28..]),
            LinkCount: BitConverter.ToUInt32(span[16..]),
            Inode: BitConverter.ToUInt64(span[32..]),
            Device: device);
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
