namespace Sekisho.EndToEnd.Tests.RelayTest;

/// <summary>
/// <c>sekisho relay-test</c> against a real Postfix (a private instance on a loopback port) made an open relay
/// with <c>mynetworks = 0.0.0.0/0</c>: the tester must report the relaying and exit 1.
/// </summary>
public sealed class OpenPostfixRelayTests
{
    [Fact]
    public async Task An_open_postfix_is_reported_as_relaying()
    {
        await using var postfix = await PostfixInstance.StartAsync(mynetworks: "0.0.0.0/0");

        var run = await RelayTestOutput.RunAsync(postfix.Root, $"127.0.0.1:{postfix.Port}", "--from-address", "127.0.0.2");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains(run.RelayedLines, line => line.StartsWith("test 01: MAIL FROM:<a@relay-test.invalid> RCPT TO:<b@relay-test.invalid> -> 250 2.1.5 Ok", StringComparison.Ordinal));
        Assert.Contains($"{run.RelayedLines.Count} of {run.TestLines.Count} tests relayed:", run.Lines);
        Assert.DoesNotContain(RelayTestOutput.NoRelays, run.Lines);
    }
}
