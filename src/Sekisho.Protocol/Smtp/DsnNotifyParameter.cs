namespace Sekisho.Protocol.Smtp;

/// <summary>The RFC 3461 <c>NOTIFY=</c> parameter of RCPT: <c>NEVER</c> alone, or any of the other three.</summary>
[Flags]
public enum DsnNotifyParameter
{
    /// <summary>Not given.</summary>
    None = 0,

    /// <summary><c>NEVER</c>.</summary>
    Never = 1,

    /// <summary><c>SUCCESS</c>.</summary>
    Success = 2,

    /// <summary><c>FAILURE</c>.</summary>
    Failure = 4,

    /// <summary><c>DELAY</c>.</summary>
    Delay = 8,
}
