namespace Sekisho.Queue;

/// <summary>A queue file could not be read: it belongs in the <c>corrupt</c> folder.</summary>
public sealed class QueueFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public QueueFileException(string message) : base(message)
    {
    }
}
