using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;

namespace Sekisho.Bench.Micro;

/// <summary>
/// The BenchmarkDotNet configuration: one short job (1 launch, 3 warm-up and 5 measured iterations), allocations per
/// operation, the <c>MB/s</c> column for benchmarks with a <c>Size</c> parameter, and the plain markdown report
/// (<c>*-report-console.md</c>, the tables as printed) that <c>bench/micro.sh</c> copies into its summary. The whole
/// suite runs in under ten minutes on two cores. The short job trades confidence for that (BenchmarkDotNet's
/// <c>ShortRun</c> has 3 measured iterations, whose 99.9 % error half-width is about 18 standard deviations; 5 bring it
/// to about 4), so compare runs made on one machine. A <c>--job</c> on the command line adds its job to this one.
/// </summary>
internal static class MicroConfig
{
    /// <summary>The configuration; command-line options (<c>--job</c>, <c>--artifacts</c>, ...) are added on top.</summary>
    public static IConfig Create() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.ShortRun.WithIterationCount(5).WithId("short"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(new ThroughputColumn())
            .AddExporter(MarkdownExporter.Console)
            .WithOptions(ConfigOptions.DisableLogFile);
}
