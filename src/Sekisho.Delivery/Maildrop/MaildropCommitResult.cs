namespace Sekisho.Delivery.Maildrop;

/// <summary>What <see cref="MaildirMaildrop.Commit"/> did (the POP3 UPDATE state, RFC 1939 6).</summary>
/// <param name="Deleted">Messages marked deleted that are now gone (including ones another program removed first).</param>
/// <param name="DeleteFailures">Messages marked deleted that could not be removed: QUIT answers <c>-ERR</c> then.</param>
/// <param name="MarkedSeen">Retrieved messages moved to <c>cur/</c> or given the seen flag.</param>
/// <param name="Problems">One line per failure, for the log; also failures to mark a message seen, which do not make QUIT fail.</param>
public sealed record MaildropCommitResult(int Deleted, int DeleteFailures, int MarkedSeen, IReadOnlyList<string> Problems)
{
    /// <summary>True when every message marked deleted is gone.</summary>
    public bool AllDeleted => DeleteFailures == 0;
}
