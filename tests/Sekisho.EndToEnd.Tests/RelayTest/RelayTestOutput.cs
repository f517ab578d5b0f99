using System.Text.RegularExpressions;

namespace Sekisho.EndToEnd.Tests.RelayTest;

/// <summary>What one run of <c>sekisho relay-test</c> printed, split for assertions.</summary>
public sealed partial record RelayTestOutput(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>The closing line when nothing relayed.</summary>
    public const string NoRelays = "All tests performed, no relays accepted.";

    /// <summary>The lines written to stdout.</summary>
    public IReadOnlyList<string> Lines => StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The per-test lines (<c>test NN: ...</c>) as printed while running, before the summary repeats some.</summary>
    public IReadOnlyList<string> TestLines => Lines.TakeWhile(line => !Summary().IsMatch(line) && line != NoRelays)
        .Where(line => line.StartsWith("test ", StringComparison.Ordinal)).ToList();

    /// <summary>The per-test lines that end in RELAYED.</summary>
    public IReadOnlyList<string> RelayedLines => TestLines.Where(line => line.EndsWith(": RELAYED", StringComparison.Ordinal)).ToList();

    /// <summary>Everything, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n{StdOut}{StdErr}";

    /// <summary>Runs <c>sekisho relay-test ARGS</c> as a separate process.</summary>
    public static async Task<RelayTestOutput> RunAsync(string workingDirectory, params string[] args)
    {
        var (exitCode, stdout, stderr) = await Infrastructure.SekishoProcess.RunAsync(workingDirectory, null, ["relay-test", .. args]);
        return new RelayTestOutput(exitCode, stdout, stderr);
    }

    [GeneratedRegex(@"^\d+ of \d+ tests ")]
    private static partial Regex Summary();
}
