namespace Sekisho.Fuzz.Targets;

/// <summary>A parser returned normally but broke a property its documentation promises: reported as a crash.</summary>
internal sealed class FuzzInvariantException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was broken, with the values that show it.</param>
    public FuzzInvariantException(string message) : base(message)
    {
    }

    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    /// <param name="condition">The invariant.</param>
    /// <param name="message">What was broken.</param>
    public static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new FuzzInvariantException(message);
        }
    }
}
