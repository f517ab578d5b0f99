using Sekisho.Delivery.Unix;

namespace Sekisho.Delivery.Mbox;

/// <summary>
/// What a server running as root may append to: Postfix would write as <c>default_privs</c>; Sekisho writes
/// itself, so it only appends to a file that user could have written. The file must already exist, must not be
/// a symbolic link, must be a regular file with a single link, and its permission bits must let the
/// <c>default_privs</c> user write it (owner, group or others). A file that changes between the check and the
/// open is refused.
/// </summary>
internal static class RootFileRule
{
    /// <summary>Checks the path before it is opened.</summary>
    /// <param name="path">The file.</param>
    /// <param name="status">Its status, not following a symbolic link; <see langword="null"/> when missing.</param>
    /// <param name="user">The <c>default_privs</c> user.</param>
    /// <returns>Why it is refused, or <see langword="null"/>.</returns>
    public static string? ProblemBeforeOpen(string path, FileStatus? status, SystemUser user) => status switch
    {
        null => $"{path} does not exist (running as root, Sekisho only appends to existing files that {user.Name} may write)",
        { IsSymbolicLink: true } => $"{path} is a symbolic link (refused when running as root)",
        { IsRegularFile: false } => $"{path} is not a regular file",
        _ => null,
    };

    /// <summary>Checks the opened file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="before">Its status before opening.</param>
    /// <param name="opened">The status of what was opened.</param>
    /// <param name="user">The <c>default_privs</c> user.</param>
    /// <returns>Why it is refused, or <see langword="null"/>.</returns>
    public static string? ProblemAfterOpen(string path, FileStatus before, FileStatus opened, SystemUser user)
    {
        if (opened.Inode != before.Inode || opened.Device != before.Device || !opened.IsRegularFile)
        {
            return $"{path} changed while it was being opened";
        }
        if (opened.LinkCount != 1)
        {
            return $"{path} has {opened.LinkCount} hard links (refused when running as root)";
        }
        return opened.IsWritableBy(user) ? null : $"{path} is not writable by default_privs user {user.Name} (refused when running as root)";
    }
}
