using System.Diagnostics;
using System.Globalization;

namespace Sekisho.Bench.Micro;

/// <summary>Percentiles (nearest rank) of timed operations, in microseconds, and the rate they ran at.</summary>
/// <param name="Name">What was timed.</param>
/// <param name="Count">How many operations.</param>
/// <param name="P50">Median, µs.</param>
/// <param name="P90">90th percentile, µs.</param>
/// <param name="P99">99th percentile, µs.</param>
/// <param name="P999">99.9th percentile, µs.</param>
/// <param name="Max">Slowest, µs.</param>
/// <param name="PerSecond">Operations per second over the whole loop (timer calls included), or null when the
/// operations were interleaved with others (a scenario within the mix).</param>
internal sealed record LatencySummary(string Name, int Count, double P50, double P90, double P99, double P999, double Max, double? PerSecond)
{
    /// <summary>The header of <see cref="ToRow"/>'s table.</summary>
    public const string Header = "| what | decisions | p50 (µs) | p90 (µs) | p99 (µs) | p99.9 (µs) | max (µs) | decisions/s |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|";

    /// <summary>Summarizes samples given in <see cref="Stopwatch"/> ticks (sorts them in place).</summary>
    /// <param name="name">What was timed.</param>
    /// <param name="ticks">One duration per operation.</param>
    /// <param name="elapsed">The wall time of the whole loop, or null.</param>
    public static LatencySummary Of(string name, long[] ticks, TimeSpan? elapsed)
    {
        Array.Sort(ticks);
        return new LatencySummary(name, ticks.Length, Rank(ticks, 0.50), Rank(ticks, 0.90), Rank(ticks, 0.99), Rank(ticks, 0.999),
            Micros(ticks[^1]), elapsed is { } wall ? ticks.Length / wall.TotalSeconds : null);
    }

    /// <summary>One markdown table row.</summary>
    public string ToRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {Count:N0} | {P50:F2} | {P90:F2} | {P99:F2} | {P999:F2} | {Max:F1} | {(PerSecond is { } rate ? rate.ToString("N0", CultureInfo.InvariantCulture) : "-")} |");

    private static double Rank(long[] sorted, double quantile) =>
        Micros(sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)]);

    private static double Micros(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
}
