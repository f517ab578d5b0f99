using System.Globalization;

namespace Sekisho.Bench.Cidr;

/// <summary>The results as a text table, one row per subject and probe set, with the speed-up over the linear scan.</summary>
internal sealed class ResultTable
{
    private const string Format = "{0,-34} {1,-14} {2,10} {3,8} {4,14} {5,14} {6,10}";
    private readonly List<string> _rows = [];

    /// <summary>Adds a row.</summary>
    /// <param name="subject">What decided.</param>
    /// <param name="probes">On which addresses.</param>
    /// <param name="timing">The measurement.</param>
    /// <param name="linearNanoseconds">The linear scan's time per decision on the same addresses.</param>
    public void Add(string subject, string probes, Timing timing, double linearNanoseconds) =>
        _rows.Add(string.Format(CultureInfo.InvariantCulture, Format, subject, probes, timing.Lookups.ToString("N0", CultureInfo.InvariantCulture),
            timing.MatchedFraction.ToString("P0", CultureInfo.InvariantCulture), timing.Nanoseconds.ToString("N1", CultureInfo.InvariantCulture),
            timing.PerSecond.ToString("N0", CultureInfo.InvariantCulture), (linearNanoseconds / timing.Nanoseconds).ToString("N1", CultureInfo.InvariantCulture) + "x"));

    /// <summary>Writes the header and the rows.</summary>
    public void WriteTo(TextWriter writer)
    {
        writer.WriteLine(string.Format(CultureInfo.InvariantCulture, Format, "decided by", "addresses", "lookups", "matched", "ns/decision", "decisions/s", "vs linear"));
        foreach (var row in _rows)
        {
            writer.WriteLine(row);
        }
    }
}
