namespace Sekisho.Delivery.Pipe;

/// <summary>How a command ended.</summary>
/// <param name="ExitCode">Its exit status (for a process killed by a signal, 128 + the signal number); -1 when it timed out.</param>
/// <param name="TimedOut">Whether it ran past the time limit and was killed.</param>
/// <param name="Output">The first line of what it wrote to standard error, else to standard output; empty when silent.</param>
internal sealed record CommandOutcome(int ExitCode, bool TimedOut, string Output);
