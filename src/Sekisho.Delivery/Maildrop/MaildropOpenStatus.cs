namespace Sekisho.Delivery.Maildrop;

/// <summary>Whether <see cref="MaildirMaildrop.Open"/> could open the maildrop.</summary>
public enum MaildropOpenStatus
{
    /// <summary>Opened and locked for this session.</summary>
    Opened,

    /// <summary>Another session holds the lock: <c>-ERR [IN-USE] ...</c> (RFC 2449 8.1.1).</summary>
    InUse,

    /// <summary>The Maildir could not be created, locked or read (permissions, disk): <c>-ERR [SYS/TEMP] ...</c>.</summary>
    Failed,
}
