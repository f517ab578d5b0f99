namespace Sekisho.Delivery.Maildrop;

/// <summary>
/// One message of a <see cref="MaildirMaildrop"/> snapshot: its POP3 number, unique id and size, where its file is,
/// and what the session did to it. Changed only by the maildrop.
/// </summary>
public sealed class MaildropMessage
{
    internal MaildropMessage(int number, string folder, string fileName, string uidl, long size)
    {
        Number = number;
        Folder = folder;
        FileName = fileName;
        Uidl = uidl;
        Size = size;
    }

    /// <summary>The POP3 message number, 1 upwards, fixed for the session.</summary>
    public int Number { get; }

    /// <summary>The unique id for UIDL (see <see cref="MaildirName.Uidl"/>).</summary>
    public string Uidl { get; }

    /// <summary>
    /// The size in octets for STAT, LIST and RETR's <c>+OK n octets</c>: the file's length, which is the message
    /// exactly as it goes on the wire with its CRLF line endings. The dots added by dot-stuffing and the
    /// terminating line are not counted: RFC 1939 asks for the size of the message, and clients use it only as an
    /// estimate.
    /// </summary>
    public long Size { get; }

    /// <summary><c>new</c> or <c>cur</c>: the folder the file is in now.</summary>
    public string Folder { get; internal set; }

    /// <summary>The file name in <see cref="Folder"/> now (it changes if another program re-flags the message).</summary>
    public string FileName { get; internal set; }

    /// <summary>Marked by DELE; removed at commit unless RSET comes first.</summary>
    public bool IsDeleted { get; internal set; }

    /// <summary>Sent whole by RETR; at commit it moves to <c>cur/</c> with the seen flag (RSET does not undo this).</summary>
    public bool IsRetrieved { get; internal set; }
}
