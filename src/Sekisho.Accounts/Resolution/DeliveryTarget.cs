namespace Sekisho.Accounts.Resolution;

/// <summary>Where a message for a local recipient ends up: a <see cref="MailboxTarget"/> or a <see cref="RemoteTarget"/>.</summary>
public abstract record DeliveryTarget;
