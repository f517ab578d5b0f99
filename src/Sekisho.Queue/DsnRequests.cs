namespace Sekisho.Queue;

/// <summary>What a recipient asked to be told about (RFC 3461 NOTIFY), as the queue manager applies it.</summary>
public static class DsnRequests
{
    /// <summary>Whether a permanent failure is reported (no NOTIFY, or NOTIFY containing FAILURE).</summary>
    /// <param name="notify">The recipient's NOTIFY.</param>
    public static bool WantsFailure(DsnNotify notify) => notify == DsnNotify.None || (notify & DsnNotify.Failure) != 0;

    /// <summary>Whether a delay is reported (no NOTIFY, or NOTIFY containing DELAY).</summary>
    /// <param name="notify">The recipient's NOTIFY.</param>
    public static bool WantsDelay(DsnNotify notify) => notify == DsnNotify.None || (notify & DsnNotify.Delay) != 0;

    /// <summary>Whether a successful delivery is reported (NOTIFY containing SUCCESS).</summary>
    /// <param name="notify">The recipient's NOTIFY.</param>
    public static bool WantsSuccess(DsnNotify notify) => (notify & DsnNotify.Success) != 0;
}
