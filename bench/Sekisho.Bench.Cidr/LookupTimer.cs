using System.Diagnostics;
using System.Net;

namespace Sekisho.Bench.Cidr;

/// <summary>
/// Times decisions on one thread with a <see cref="Stopwatch"/>: a warm-up of at least 300 ms (so tiered compilation
/// has produced optimized code), then <see cref="Rounds"/> rounds over the probe addresses, cycled; the median round counts.
/// Each decision goes through one delegate call, about a nanosecond of the figure.
/// </summary>
internal static class LookupTimer
{
    /// <summary>The number of timed rounds.</summary>
    public const int Rounds = 5;

    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(300);

    /// <summary>Times about <paramref name="lookups"/> decisions.</summary>
    /// <param name="decide">One decision: the matching entry, or null when none matches.</param>
    /// <param name="addresses">The client addresses (the length is a power of two).</param>
    /// <param name="lookups">How many decisions to time in all.</param>
    public static Timing Measure(Func<IPAddress, string?> decide, IPAddress[] addresses, long lookups)
    {
        var perRound = Math.Max(1, lookups / Rounds);
        var warmUp = Stopwatch.StartNew();
        do
        {
            Run(decide, addresses, 0, Math.Min(perRound, 100_000));
        }
        while (warmUp.Elapsed < WarmUp);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var nanoseconds = new double[Rounds];
        long matched = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            matched += Run(decide, addresses, round * perRound, perRound);
            nanoseconds[round] = watch.Elapsed.TotalNanoseconds / perRound;
        }
        Array.Sort(nanoseconds);
        return new Timing(perRound * Rounds, nanoseconds[Rounds / 2], (double)matched / (perRound * Rounds));
    }

    private static long Run(Func<IPAddress, string?> decide, IPAddress[] addresses, long start, long count)
    {
        var mask = addresses.Length - 1;
        long matched = 0;
        for (var i = start; i < start + count; i++)
        {
            if (decide(addresses[i & mask]) is not null)
            {
                matched++;
            }
        }
        return matched;
    }
}
