namespace Sekisho.Accounts.Resolution;

/// <summary>Deliver to the Maildir of an account.</summary>
/// <param name="Account">The normalized account name (the mailbox may not exist yet; delivery creates it).</param>
public sealed record MailboxTarget(string Account) : DeliveryTarget;
