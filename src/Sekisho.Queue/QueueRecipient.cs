namespace Sekisho.Queue;

/// <summary>One recipient of a queued message.</summary>
/// <param name="Address">The address delivery goes to (after alias expansion).</param>
/// <param name="OriginalAddress">The address the client gave at RCPT, when alias expansion changed it; else null.</param>
/// <param name="Transport">The transport that delivers it: <c>local</c>, <c>smtp</c>, <c>pipe</c> or <c>file</c>.</param>
/// <param name="NextHop">
/// For <c>local</c> the account whose Maildir receives it; for <c>smtp</c> the destination domain; for <c>pipe</c>
/// the command line; for <c>file</c> the absolute path of the mailbox file.
/// </param>
/// <param name="Status">Where delivery stands.</param>
/// <param name="Notify">The RFC 3461 NOTIFY parameter given at RCPT.</param>
/// <param name="OriginalRecipient">The RFC 3461 ORCPT parameter, decoded (e.g. <c>rfc822;bob@example.org</c>), or empty.</param>
public sealed record QueueRecipient(string Address, string? OriginalAddress, string Transport, string NextHop, RecipientStatus Status = RecipientStatus.Pending,
    DsnNotify Notify = DsnNotify.None, string OriginalRecipient = "");
