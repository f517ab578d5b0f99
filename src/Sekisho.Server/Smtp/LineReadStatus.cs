namespace Sekisho.Server.Smtp;

/// <summary>How reading a command line ended.</summary>
internal enum LineReadStatus
{
    /// <summary>A line was read.</summary>
    Line,

    /// <summary>The line was longer than the limit; it was discarded up to its end.</summary>
    TooLong,

    /// <summary>The client closed the connection.</summary>
    Closed,
}
