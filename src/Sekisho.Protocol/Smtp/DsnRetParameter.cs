namespace Sekisho.Protocol.Smtp;

/// <summary>The RFC 3461 <c>RET=</c> parameter of MAIL.</summary>
public enum DsnRetParameter
{
    /// <summary>Not given.</summary>
    None = 0,

    /// <summary><c>RET=FULL</c>: return the whole message with a failure report.</summary>
    Full = 1,

    /// <summary><c>RET=HDRS</c>: return the headers only.</summary>
    Headers = 2,
}
