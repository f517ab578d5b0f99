using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.RelayTest;

/// <summary><c>sekisho relay-test</c> when there is nothing to test: a closed port, bad arguments.</summary>
public sealed class RelayTestUsageTests
{
    private const int Unavailable = 69;
    private const int UsageError = 64;

    [Fact]
    public async Task A_closed_port_exits_69_with_a_message()
    {
        var port = FreePort.Next();

        var run = await RelayTestOutput.RunAsync(Path.GetTempPath(), $"127.0.0.1:{port}", "--timeout", "2s");

        Assert.True(run.ExitCode == Unavailable, run.ToString());
        Assert.StartsWith($"sekisho: relay-test: cannot connect to 127.0.0.1:{port}: ", run.StdErr);
        Assert.DoesNotContain(run.Lines, line => line.StartsWith("test ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:smtp")]
    [InlineData("[::1")]
    public async Task A_bad_target_is_a_usage_error(string target)
    {
        var run = await RelayTestOutput.RunAsync(Path.GetTempPath(), target);

        Assert.True(run.ExitCode == UsageError, run.ToString());
        Assert.StartsWith($"sekisho: relay-test: {target}: ", run.StdErr);
    }

    [Theory]
    [InlineData("--outside-domain", "not a domain")]
    [InlineData("--from-address", "127.0.0.300")]
    [InlineData("--timeout", "soon")]
    public async Task A_bad_option_is_a_usage_error(string option, string value)
    {
        var run = await RelayTestOutput.RunAsync(Path.GetTempPath(), "127.0.0.1:25", option, value);

        Assert.True(run.ExitCode == UsageError, run.ToString());
        Assert.StartsWith($"sekisho: relay-test: {option} {value}: ", run.StdErr);
    }
}
