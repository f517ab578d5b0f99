namespace Sekisho.Queue;

/// <summary>Per-recipient delivery status, stored as one byte in the queue file so it can be updated in place.</summary>
public enum RecipientStatus : byte
{
    /// <summary>Not delivered yet.</summary>
    Pending = (byte)'P',

    /// <summary>Delivered; never sent again.</summary>
    Sent = (byte)'S',

    /// <summary>Failed permanently; never tried again.</summary>
    Bounced = (byte)'B',
}
