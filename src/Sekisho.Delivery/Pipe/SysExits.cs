using Sekisho.Queue;

namespace Sekisho.Delivery.Pipe;

/// <summary>
/// What a command's exit status means for delivery, as in Postfix's <c>pipe_command</c>: 0 is delivered;
/// <c>EX_TEMPFAIL</c> (75) and <c>EX_OSERR</c> (71) and a time-out are temporary (deferred); any other
/// sysexits.h code (64-78) and any other non-zero status are permanent (bounced).
/// </summary>
internal static class SysExits
{
    /// <summary>The relay named in log lines, as Postfix's local(8) does.</summary>
    public const string Relay = "local";

    private static readonly Dictionary<int, string> Meanings = new()
    {
        [64] = "command line usage error",
        [65] = "data format error",
        [66] = "cannot open input",
        [67] = "user unknown",
        [68] = "host name unknown",
        [69] = "service unavailable",
        [70] = "internal software error",
        [71] = "system resource problem",
        [72] = "critical OS file missing",
        [73] = "can't create user output file",
        [74] = "input/output error",
        [75] = "temporary failure",
        [76] = "remote error in protocol",
        [77] = "permission denied",
        [78] = "local configuration error",
    };

    /// <summary>The delivery result for a command's outcome.</summary>
    /// <param name="outcome">How the command ended.</param>
    /// <param name="command">The command line, for the log.</param>
    /// <returns>Sent, deferred or bounced, with a detail naming the command and its first line of output.</returns>
    public static RecipientResult ResultOf(CommandOutcome outcome, string command)
    {
        var output = outcome.Output.Length > 0 ? ". Command output: " + outcome.Output : "";
        if (outcome.TimedOut)
        {
            return RecipientResult.Deferred(Relay, $"Command time limit exceeded: \"{command}\"{output}");
        }
        if (outcome.ExitCode == 0)
        {
            return RecipientResult.Sent(Relay, "delivered to command: " + command);
        }
        var meaning = Meanings.TryGetValue(outcome.ExitCode, out var text) ? $" ({text})" : "";
        var detail = $"Command died with status {outcome.ExitCode}: \"{command}\"{meaning}{output}";
        return outcome.ExitCode is 75 or 71 ? RecipientResult.Deferred(Relay, detail) : RecipientResult.Bounced(Relay, detail);
    }
}
