namespace Sekisho.Delivery.Maildrop;

/// <summary>The outcome of <see cref="MaildirMaildrop.Open"/>.</summary>
/// <param name="Status">Opened, in use or failed.</param>
/// <param name="Maildrop">The open maildrop when <see cref="Status"/> is <see cref="MaildropOpenStatus.Opened"/>; the caller disposes it.</param>
/// <param name="Problem">For the log when not opened: what went wrong.</param>
public sealed record MaildropOpenResult(MaildropOpenStatus Status, MaildirMaildrop? Maildrop, string? Problem);
