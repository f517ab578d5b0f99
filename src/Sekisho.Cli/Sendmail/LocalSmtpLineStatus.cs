namespace Sekisho.Cli.Sendmail;

/// <summary>What <see cref="LocalSmtpChannel.ReadLineAsync"/> found.</summary>
internal enum LocalSmtpLineStatus
{
    /// <summary>A command line.</summary>
    Line,

    /// <summary>A line longer than the limit; it was read and dropped.</summary>
    TooLong,

    /// <summary>The end of the input.</summary>
    Closed,
}
