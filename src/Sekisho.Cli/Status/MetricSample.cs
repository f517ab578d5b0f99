namespace Sekisho.Cli.Status;

/// <summary>One sample line of the Prometheus text format: <c>name{label="value",...} value</c>.</summary>
/// <param name="Name">The sample's name (with <c>_bucket</c>, <c>_sum</c>, <c>_count</c> for histograms).</param>
/// <param name="Labels">The labels, by name.</param>
/// <param name="Value">The value.</param>
internal sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>A label's value, or "" when the sample has no such label.</summary>
    public string this[string label] => Labels.TryGetValue(label, out var value) ? value : "";
}
