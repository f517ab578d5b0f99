namespace Sekisho.Queue.Pickup;

/// <summary>One recipient of a locally submitted message.</summary>
/// <param name="Address">The address, e.g. <c>alice@example.com</c>.</param>
/// <param name="Notify">DSN NOTIFY (<c>-N</c>, or NOTIFY= under <c>-bs</c>); <see cref="DsnNotify.None"/> for the default.</param>
public sealed record MaildropRecipient(string Address, DsnNotify Notify = DsnNotify.None);
