using System.Diagnostics;

namespace Sekisho.Bench.Cidr;

/// <summary>How long opening a table took: the first time (with just-in-time compilation) and a second time.</summary>
/// <param name="First">The first open, as at server start.</param>
/// <param name="Again">A second open of the same file, as on a reload.</param>
internal sealed record LoadTime(TimeSpan First, TimeSpan Again)
{
    /// <summary>Opens twice and keeps the second result.</summary>
    /// <param name="open">Opens the table.</param>
    /// <param name="value">The table opened the second time.</param>
    public static LoadTime Of<T>(Func<T> open, out T value)
    {
        var first = Stopwatch.StartNew();
        open();
        first.Stop();
        GC.Collect();
        var again = Stopwatch.StartNew();
        value = open();
        again.Stop();
        return new LoadTime(first.Elapsed, again.Elapsed);
    }
}
