namespace Sekisho.Accounts;

/// <summary>
/// An account operation was refused because of what the caller asked for (the account exists already,
/// the name is invalid, the password is empty, the database schema is too new). The caller can report
/// the message and go on; the store is unchanged.
/// </summary>
public sealed class AccountException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, in words an admin understands.</param>
    public AccountException(string message) : base(message)
    {
    }
}
