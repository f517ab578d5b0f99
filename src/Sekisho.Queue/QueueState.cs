namespace Sekisho.Queue;

/// <summary>The state of a queued message is the folder it sits in (as in Postfix).</summary>
public enum QueueState
{
    /// <summary>Complete and durable, waiting for the queue manager.</summary>
    Incoming,

    /// <summary>Being delivered. Found here at start-up = the server stopped mid-delivery: delivered again.</summary>
    Active,

    /// <summary>Some recipients wait for a later attempt; the file's modification time is the next attempt.</summary>
    Deferred,

    /// <summary>Held by the admin; not delivered until released.</summary>
    Hold,

    /// <summary>Unreadable files, kept for the admin to look at.</summary>
    Corrupt,
}
