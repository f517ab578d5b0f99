namespace Sekisho.Queue;

/// <summary>
/// The RFC 3461 <c>NOTIFY=</c> parameter of one recipient. <see cref="None"/> means the client gave no NOTIFY, which
/// is treated as <c>FAILURE,DELAY</c> (RFC 3461 section 4.1): failures are reported, delays when warnings are on.
/// </summary>
[Flags]
public enum DsnNotify : byte
{
    /// <summary>No NOTIFY parameter: the default behaviour.</summary>
    None = 0,

    /// <summary><c>NOTIFY=NEVER</c>: no report of any kind.</summary>
    Never = 1,

    /// <summary><c>SUCCESS</c>: report delivery (or relaying to a next hop that cannot pass the request on).</summary>
    Success = 2,

    /// <summary><c>FAILURE</c>: report a permanent failure.</summary>
    Failure = 4,

    /// <summary><c>DELAY</c>: report a delay (with <c>delay_warning_time</c>).</summary>
    Delay = 8,
}
