namespace Sekisho.Queue;

/// <summary>What the admin asked for a message that was being delivered at the time; done when the attempt ends.</summary>
internal enum AdminRequest
{
    /// <summary>Put it on hold instead of deferring it.</summary>
    Hold,

    /// <summary>Delete it, whatever the outcome.</summary>
    Delete,
}
