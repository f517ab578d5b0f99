namespace Sekisho.Accounts;

/// <summary>A mail account: a name that owns a Maildir and may authenticate with a password.</summary>
/// <param name="Name">The normalized (lower-case) account name, see <see cref="AccountName"/>.</param>
/// <param name="IsAdmin">Whether the account is an administrator (receives postmaster mail when nobody else is named).</param>
/// <param name="Created">When the account was created.</param>
public sealed record Account(string Name, bool IsAdmin, DateTimeOffset Created);
