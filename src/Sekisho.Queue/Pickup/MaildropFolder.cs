using System.Net.Sockets;
using System.Security.Cryptography;
using Sekisho.Storage;

namespace Sekisho.Queue.Pickup;

/// <summary>
/// <c>queue_directory/maildrop</c>: where the <c>sendmail</c> command leaves locally submitted mail for the server to
/// pick up (Postfix's maildrop and pickup). Anyone on the host may write here and no one else may list or remove what
/// they wrote: mode 1733, as Postfix's maildrop had before postdrop. The server takes the submitter from the file's
/// owner, never from its content.
/// </summary>
public static class MaildropFolder
{
    /// <summary>The folder's name under <c>queue_directory</c>.</summary>
    public const string Name = "maildrop";

    /// <summary>
    /// The datagram socket under <c>queue_directory</c> on which a running server's pickup waits (Postfix's
    /// <c>public/pickup</c>): anyone may send to it, and what is sent only wakes the pickup up.
    /// </summary>
    public const string WakeSocketName = "pickup.sock";

    /// <summary>rwx-wx-wt: anyone may create a file, only its owner (and the folder's) may remove it, no one else may list.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.StickyBit;

    /// <summary>The maildrop folder of a queue directory.</summary>
    /// <param name="queueDirectory">The <c>queue_directory</c>.</param>
    public static string PathIn(string queueDirectory) => Path.Combine(Path.GetFullPath(queueDirectory), Name);

    /// <summary>
    /// Creates the folder if needed and gives it (and <paramref name="queueDirectory"/>, which other users must be able
    /// to pass through) the modes local submission needs. Run by the server, which owns the queue.
    /// </summary>
    /// <param name="queueDirectory">The <c>queue_directory</c>.</param>
    /// <returns>The folder's path.</returns>
    public static string Prepare(string queueDirectory)
    {
        var root = Path.GetFullPath(queueDirectory);
        DurableFile.CreateDirectory(root);
        var folder = PathIn(root);
        DurableFile.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, Mode);
            var rootMode = File.GetUnixFileMode(root);
            if ((rootMode & UnixFileMode.OtherExecute) == 0)
            {
                File.SetUnixFileMode(root, rootMode | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }
        return folder;
    }

    /// <summary>
    /// A new file name: arrival time (hex milliseconds) and 64 random bits, so that names sort by arrival and cannot
    /// be guessed by other users.
    /// </summary>
    public static string NewFileName() =>
        DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString("X12") + "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    /// <summary>Whether <paramref name="name"/> has the form of <see cref="NewFileName"/> (files being written start with a dot).</summary>
    /// <param name="name">A file name.</param>
    public static bool IsFileName(string name) =>
        name.Length == 29 && name[12] == '.'
        && name.AsSpan(0, 12).IndexOfAnyExcept("0123456789ABCDEF") < 0 && name.AsSpan(13).IndexOfAnyExcept("0123456789ABCDEF") < 0;

    /// <summary>The wake-up socket of a queue directory.</summary>
    /// <param name="queueDirectory">The <c>queue_directory</c>.</param>
    public static string WakeSocketIn(string queueDirectory) => Path.Combine(Path.GetFullPath(queueDirectory), WakeSocketName);

    /// <summary>
    /// Tells a running server's pickup that a file is waiting, so that it comes at once rather than at the next
    /// periodic scan. Nothing happens when no server runs (the file waits for it).
    /// </summary>
    /// <param name="queueDirectory">The <c>queue_directory</c>.</param>
    public static void Wake(string queueDirectory)
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTo([1], SocketFlags.None, new UnixDomainSocketEndPoint(WakeSocketIn(queueDirectory)));
        }
        catch (Exception exception) when (exception is SocketException or IOException or ArgumentException)
        {
            // No server, or one that cannot be reached: its next scan finds the file.
        }
    }
}
