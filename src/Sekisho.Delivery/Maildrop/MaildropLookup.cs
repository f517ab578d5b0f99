namespace Sekisho.Delivery.Maildrop;

/// <summary>What became of a request for one message of a <see cref="MaildirMaildrop"/>.</summary>
public enum MaildropLookup
{
    /// <summary>The message is there (and, for an open, its content stream is returned).</summary>
    Found,

    /// <summary>No message has that number in this session's snapshot: <c>-ERR There's no message n.</c></summary>
    NoSuchMessage,

    /// <summary>The message is marked deleted: <c>-ERR Message is deleted.</c></summary>
    Deleted,

    /// <summary>Its file was removed by another program during the session: <c>-ERR Message n is no longer available.</c></summary>
    Vanished,
}
