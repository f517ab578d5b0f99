using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.RelayTest;

/// <summary>
/// <c>sekisho relay-test</c> (the real program) against Sekisho: from an untrusted loopback address every
/// classic test is refused and nothing is queued; from the trusted address the tester sees the relaying.
/// </summary>
public sealed class RelayTestAgainstSekishoTests
{
    [Fact]
    public async Task Every_classic_relay_test_from_an_outsider_is_refused()
    {
        await using var server = await TestServer.StartAsync();

        var run = await RelayTestOutput.RunAsync(server.Root, $"127.0.0.1:{server.SmtpPort}", "--from-address", "127.0.0.2");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(RelayTestOutput.NoRelays, run.Lines[^1]);
        Assert.True(run.TestLines.Count >= 20, run.ToString());
        Assert.All(run.TestLines, line => Assert.EndsWith(": not relayed", line));
        // The tricks name the server as its greeting does and by its IP literal.
        Assert.Contains(run.TestLines, line => line.Contains("RCPT TO:<b%relay-test.invalid@mx.example.test> -> ", StringComparison.Ordinal));
        Assert.Contains(run.TestLines, line => line.Contains("RCPT TO:<@[127.0.0.1]:b@relay-test.invalid> -> ", StringComparison.Ordinal));
        server.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task A_trusted_client_is_reported_as_relayed()
    {
        await using var server = await TestServer.StartAsync();

        // No --from-address: the connection comes from 127.0.0.1, which is in mynetworks.
        var run = await RelayTestOutput.RunAsync(server.Root, $"127.0.0.1:{server.SmtpPort}");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains(run.RelayedLines, line => line.StartsWith("test 01: MAIL FROM:<a@relay-test.invalid> RCPT TO:<b@relay-test.invalid> -> 250 ", StringComparison.Ordinal));
        var summary = $"{run.RelayedLines.Count} of {run.TestLines.Count} tests relayed:";
        Assert.Equal([summary, .. run.RelayedLines], run.Lines.SkipWhile(line => line != summary));
        Assert.DoesNotContain(RelayTestOutput.NoRelays, run.Lines);
        server.AssertNothingQueuedOrDelivered();
    }
}
