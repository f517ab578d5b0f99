using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Sekisho.Bench.Micro;

/// <summary>
/// <c>MB/s</c>: the <c>Size</c> parameter (bytes handled per operation) divided by the mean time, in 10^6 bytes per
/// second. Shown only in tables whose benchmarks have a <c>Size</c> parameter.
/// </summary>
internal sealed class ThroughputColumn : IColumn
{
    private const string SizeParameter = "Size";

    /// <inheritdoc/>
    public string Id => nameof(ThroughputColumn);

    /// <inheritdoc/>
    public string ColumnName => "MB/s";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => "Throughput: Size bytes (the message as sent, dot-stuffed) per operation over Mean, in 10^6 bytes/s";

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => SizeOf(c) is not null);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var size = SizeOf(benchmarkCase);
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return size is null || mean is null or <= 0
            ? "-"
            : (size.Value / mean.Value * 1e3).ToString("N1", CultureInfo.InvariantCulture); // bytes per ns * 10^9 / 10^6
    }

    /// <inheritdoc/>
    public override string ToString() => ColumnName;

    private static long? SizeOf(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == SizeParameter)?.Value is int size ? size : null;
}
