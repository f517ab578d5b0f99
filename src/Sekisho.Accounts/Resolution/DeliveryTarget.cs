namespace Sekisho.Accounts.Resolution;

/// <summary>
/// Where a message for a local recipient ends up: a <see cref="MailboxTarget"/>, a <see cref="RemoteTarget"/>,
/// or (only when the admin allows them) a <see cref="CommandTarget"/> or <see cref="FileTarget"/>.
/// </summary>
public abstract record DeliveryTarget;
