using System.Globalization;
using System.Text.RegularExpressions;

namespace Sekisho.EndToEnd.Tests.Metrics;

/// <summary>
/// A scrape read back: every sample by its series (<c>name{label="value",...}</c> as written), after checking that the
/// text is valid Prometheus text format 0.0.4 as Sekisho writes it: one <c># HELP</c> and one <c># TYPE</c> per family
/// before its samples, <c>sekisho_</c> names, counters ending in <c>_total</c>, histogram buckets that never decrease.
/// </summary>
public sealed partial class Exposition
{
    private readonly Dictionary<string, double> _samples;

    private Exposition(string text, Dictionary<string, double> samples)
    {
        Text = text;
        _samples = samples;
    }

    /// <summary>The text as received.</summary>
    public string Text { get; }

    /// <summary>Every series.</summary>
    public IReadOnlyDictionary<string, double> Samples => _samples;

    /// <summary>A series' value; 0 when it is not there (a labelled series appears with its first count).</summary>
    public double this[string series] => _samples.GetValueOrDefault(series);

    /// <summary>How much every series changed from <paramref name="before"/>, leaving out those that did not.</summary>
    public IReadOnlyDictionary<string, double> ChangesSince(Exposition before) =>
        _samples.Keys.Union(before._samples.Keys)
            .Where(series => this[series] != before[series])
            .ToDictionary(series => series, series => this[series] - before[series]);

    /// <summary>Checks and reads the text; a rule broken fails the test with the line.</summary>
    public static Exposition Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helped = new HashSet<string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var lastBucket = new Dictionary<string, double>(StringComparer.Ordinal);
        Assert.EndsWith("\n", text);
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (Help().Match(line) is { Success: true } help)
            {
                Assert.True(helped.Add(help.Groups[1].Value), "HELP twice: " + line);
                continue;
            }
            if (TypeLine().Match(line) is { Success: true } type)
            {
                var family = type.Groups[1].Value;
                Assert.True(helped.Contains(family), "TYPE without HELP before it: " + line);
                Assert.True(types.TryAdd(family, type.Groups[2].Value), "TYPE twice: " + line);
                Assert.True(type.Groups[2].Value != "counter" || family.EndsWith("_total", StringComparison.Ordinal), "a counter not named _total: " + line);
                continue;
            }
            var sample = Sample().Match(line);
            Assert.True(sample.Success, "not a valid line: " + line);
            var name = sample.Groups["name"].Value;
            var histogram = HistogramPart().Match(name) is { Success: true } part && types.GetValueOrDefault(part.Groups[1].Value) == "histogram";
            var familyName = histogram ? HistogramPart().Match(name).Groups[1].Value : name;
            Assert.True(types.ContainsKey(familyName), "sample before its TYPE: " + line);
            var series = line[..line.LastIndexOf(' ')];
            var value = sample.Groups["value"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
            Assert.True(samples.TryAdd(series, value), "series twice: " + line);
            if (name.EndsWith("_bucket", StringComparison.Ordinal) && histogram)
            {
                var key = Regex.Replace(series, @",?le=""[^""]*""", "");
                Assert.True(value >= lastBucket.GetValueOrDefault(key), "a bucket below the one before: " + line);
                lastBucket[key] = value;
            }
        }
        return new Exposition(text, samples);
    }

    [GeneratedRegex(@"^# HELP (sekisho_[a-z0-9_]+) \S.*$")]
    private static partial Regex Help();

    [GeneratedRegex(@"^# TYPE (sekisho_[a-z0-9_]+) (counter|gauge|histogram)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>sekisho_[a-z0-9_]+)(\{[a-z_]+=""[^""\\\n]*""(,[a-z_]+=""[^""\\\n]*"")*\})? (?<value>-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?|\+Inf)$")]
    private static partial Regex Sample();

    [GeneratedRegex(@"^(.+)_(bucket|sum|count)$")]
    private static partial Regex HistogramPart();
}
