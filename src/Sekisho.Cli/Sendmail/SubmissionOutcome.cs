namespace Sekisho.Cli.Sendmail;

/// <summary>How a local submission ended.</summary>
internal enum SubmissionOutcome
{
    /// <summary>In the maildrop folder, durably: the server will queue it.</summary>
    Submitted,

    /// <summary>Neither the command line nor (with <c>-t</c>) the headers named a recipient.</summary>
    NoRecipients,

    /// <summary>A header address taken with <c>-t</c> could not be parsed.</summary>
    BadAddress,

    /// <summary>Over <c>message_size_limit</c>.</summary>
    TooBig,

    /// <summary>The maildrop folder could not be written.</summary>
    QueueUnwritable,
}
