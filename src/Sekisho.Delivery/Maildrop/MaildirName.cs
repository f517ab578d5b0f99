using System.Security.Cryptography;
using System.Text;

namespace Sekisho.Delivery.Maildrop;

/// <summary>
/// Reading Maildir file names (https://cr.yp.to/proto/maildir.html): <c>unique</c> in <c>new/</c>,
/// <c>unique:2,FLAGS</c> in <c>cur/</c>. The unique part never changes when a reader moves or re-flags a message,
/// so it is what POP3's UIDL is made from.
/// </summary>
public static class MaildirName
{
    /// <summary>The longest UIDL RFC 1939 7 allows.</summary>
    public const int MaxUidlLength = 70;

    /// <summary>The prefix of a hashed UIDL; no unique name can contain <c>/</c>, so a hashed UIDL never equals a plain one.</summary>
    private const string HashedPrefix = "x/";

    /// <summary>The unique part of a file name: everything before the first <c>:</c>.</summary>
    /// <param name="fileName">The file name, without folder.</param>
    public static string UniqueName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var colon = fileName.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? fileName : fileName[..colon];
    }

    /// <summary>
    /// The POP3 unique id of a message: its unique name when that is 1 to 70 characters of 0x21-0x7E (RFC 1939 7),
    /// else <c>x/</c> and the lower-case hex SHA-256 of the unique name's UTF-8 (66 characters). Both depend only on
    /// the unique name, so the UIDL is the same in every session and after the message moves from <c>new/</c> to
    /// <c>cur/</c> or its flags change.
    /// </summary>
    /// <param name="fileName">The file name, without folder.</param>
    public static string Uidl(string fileName) => UidlOf(UniqueName(fileName));

    /// <summary>
    /// The name the file gets once a POP3 client has retrieved it: <c>unique:2,</c> with the <c>S</c> (seen) flag
    /// added to any flags it has, kept in ASCII order as the Maildir spec asks. A name with other info than
    /// <c>2,</c> (an experimental <c>:1,</c>) is returned unchanged.
    /// </summary>
    /// <param name="fileName">The current file name, without folder.</param>
    public static string WithSeenFlag(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var colon = fileName.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return fileName + ":2,S";
        }
        var info = fileName.AsSpan(colon + 1);
        if (!info.StartsWith("2,", StringComparison.Ordinal))
        {
            return fileName;
        }
        var flags = info[2..];
        if (flags.Contains('S'))
        {
            return fileName;
        }
        var sorted = (flags.ToString() + "S").ToCharArray();
        Array.Sort(sorted); // char order is code-point (ASCII) order
        return string.Concat(fileName.AsSpan(0, colon + 3), sorted);
    }

    /// <summary>The UIDL for a unique name; see <see cref="Uidl"/>.</summary>
    /// <param name="uniqueName">The unique name, or any other identifying text.</param>
    internal static string UidlOf(string uniqueName)
    {
        if (uniqueName.Length is > 0 and <= MaxUidlLength && !uniqueName.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            return uniqueName;
        }
        return HashedPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uniqueName)));
    }
}
