namespace Sekisho.Queue;

/// <summary>One recipient of a queued message.</summary>
/// <param name="Address">The address delivery goes to (after alias expansion).</param>
/// <param name="OriginalAddress">The address the client gave at RCPT, when alias expansion changed it; else null.</param>
/// <param name="Transport">The transport that delivers it: <c>local</c> or <c>smtp</c>.</param>
/// <param name="NextHop">For <c>local</c> the account whose Maildir receives it; for <c>smtp</c> the destination domain.</param>
/// <param name="Status">Where delivery stands.</param>
public sealed record QueueRecipient(string Address, string? OriginalAddress, string Transport, string NextHop, RecipientStatus Status = RecipientStatus.Pending);
