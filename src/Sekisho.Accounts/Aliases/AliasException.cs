namespace Sekisho.Accounts.Aliases;

/// <summary>
/// An aliases file has errors (the message lists them all, one per line) or an alias index is missing,
/// unreadable, damaged or not a Sekisho index.
/// </summary>
public sealed class AliasException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public AliasException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public AliasException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
