namespace Sekisho.Bench.Cidr;

/// <summary>What one timed run of decisions measured.</summary>
/// <param name="Lookups">The number of decisions timed (warm-up not counted).</param>
/// <param name="Nanoseconds">The time of one decision: the median over the rounds.</param>
/// <param name="MatchedFraction">The share of decisions that found an entry.</param>
internal sealed record Timing(long Lookups, double Nanoseconds, double MatchedFraction)
{
    /// <summary>Decisions per second on one thread.</summary>
    public double PerSecond => 1e9 / Nanoseconds;
}
