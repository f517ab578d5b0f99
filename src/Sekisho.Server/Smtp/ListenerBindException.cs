namespace Sekisho.Server.Smtp;

/// <summary>A listening address could not be bound; the message names it, Postfix style (<c>bind 127.0.0.1 port 25: Address already in use</c>).</summary>
public sealed class ListenerBindException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ListenerBindException(string message, Exception inner) : base(message, inner)
    {
    }
}
