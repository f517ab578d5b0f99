namespace Sekisho.Fuzz.Targets;

/// <summary>
/// One fuzz target: feeds a byte string to one parser of outside input. Documented bad-input outcomes (a false
/// return, the project's own parse or configuration exception) return normally; anything else, and a broken
/// invariant (<see cref="FuzzInvariantException"/>), escapes as a crash. The same code runs under AFL (the
/// Sekisho.Fuzz harness) and in-process in the replay tests.
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>The target name: the harness argument and the folder of its seed corpus and regressions.</summary>
    string Name { get; }

    /// <summary>Runs one input.</summary>
    /// <param name="data">The input bytes.</param>
    void Run(ReadOnlySpan<byte> data);
}
