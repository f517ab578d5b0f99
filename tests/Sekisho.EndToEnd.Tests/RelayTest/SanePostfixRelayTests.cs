namespace Sekisho.EndToEnd.Tests.RelayTest;

/// <summary>
/// <c>sekisho relay-test</c> against a real Postfix (a private instance on a loopback port) with a sane main.cf:
/// <c>mynetworks = 127.0.0.1/32</c>, <c>mydestination = $myhostname, localhost</c> and the default relay
/// restrictions. From an outside address every test is refused. (The open Postfix is another class, so the two
/// instances start in parallel.)
/// </summary>
public sealed class SanePostfixRelayTests
{
    [Fact]
    public async Task A_sane_postfix_passes_from_an_outside_address()
    {
        await using var postfix = await PostfixInstance.StartAsync(mynetworks: "127.0.0.1/32");

        var run = await RelayTestOutput.RunAsync(postfix.Root, $"127.0.0.1:{postfix.Port}", "--from-address", "127.0.0.2");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(RelayTestOutput.NoRelays, run.Lines[^1]);
        Assert.True(run.TestLines.Count >= 20, run.ToString());
        Assert.All(run.TestLines, line => Assert.EndsWith(": not relayed", line));
        // Postfix's default relay restriction is defer_unauth_destination: 454, which is a refusal too.
        Assert.Contains(run.TestLines, line => line.Contains("RCPT TO:<b%relay-test.invalid@mx.postfix.test> -> 454 4.7.1 ", StringComparison.Ordinal));
    }
}
