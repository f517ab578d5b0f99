namespace Sekisho.Queue;

/// <summary>The RFC 3461 <c>RET=</c> parameter: how much of the message a non-delivery report carries.</summary>
public enum DsnReturn : byte
{
    /// <summary>Not given: the server's choice (Sekisho returns the headers, and the whole message when it is small).</summary>
    Default = 0,

    /// <summary><c>RET=FULL</c>: the whole message (within <c>bounce_size_limit</c>).</summary>
    Full = 1,

    /// <summary><c>RET=HDRS</c>: the headers only.</summary>
    Headers = 2,
}
