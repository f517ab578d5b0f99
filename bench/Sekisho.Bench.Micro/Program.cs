using BenchmarkDotNet.Running;

namespace Sekisho.Bench.Micro;

/// <summary>
/// Micro-benchmarks of Sekisho's hot paths. <c>p99</c> runs the RCPT latency loop (<see cref="P99Mode"/>); anything
/// else goes to BenchmarkDotNet (<c>--filter '*Sasl*'</c>, <c>--list flat</c>, ...), every benchmark when no filter is given.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "p99")
        {
            return await P99Mode.RunAsync(args[1..], Console.Out);
        }
        var arguments = args.Any(a => a is "--filter" or "-f" or "--list" or "--info" or "--help" or "-h" or "--version")
            ? args
            : [.. args, "--filter", "*"];
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(arguments, MicroConfig.Create());
        return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
    }
}
