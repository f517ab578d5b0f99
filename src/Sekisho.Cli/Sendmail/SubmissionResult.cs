namespace Sekisho.Cli.Sendmail;

/// <summary>The result of a local submission.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Detail">For a failure, what to tell the user.</param>
/// <param name="Name">For a submission, the maildrop file name.</param>
/// <param name="RecipientCount">For a submission, how many recipients it has.</param>
internal sealed record SubmissionResult(SubmissionOutcome Outcome, string Detail = "", string Name = "", int RecipientCount = 0);
