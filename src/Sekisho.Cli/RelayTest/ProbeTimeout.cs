using System.Globalization;

namespace Sekisho.Cli.RelayTest;

/// <summary>Parses <c>--timeout</c>: a number with an optional unit <c>ms</c>, <c>s</c> or <c>m</c> (seconds when none).</summary>
internal static class ProbeTimeout
{
    /// <summary>Parses <c>10s</c>, <c>500ms</c>, <c>1m</c> or <c>10</c>; the value must be above zero and at most an hour.</summary>
    public static bool TryParse(string text, out TimeSpan timeout)
    {
        timeout = default;
        var (number, unitMilliseconds) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 1),
            _ when text.EndsWith('s') || text.EndsWith('S') => (text[..^1], 1000),
            _ when text.EndsWith('m') || text.EndsWith('M') => (text[..^1], 60_000),
            _ => (text, 1000),
        };
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value == 0)
        {
            return false;
        }
        timeout = TimeSpan.FromMilliseconds((long)value * unitMilliseconds);
        return timeout <= TimeSpan.FromHours(1);
    }
}
