using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Sekisho.EndToEnd.Tests.Infrastructure;
using Sekisho.Queue;
using Xunit.Abstractions;

namespace Sekisho.EndToEnd.Tests.Durability;

/// <summary>
/// kill -9 of the server in the middle of a delivery run to a relayhost (issue 6). N messages are queued while the
/// relayhost port is closed (all deferred), then an <c>smtp-sink</c> takes them at the next queue runs. Once some but
/// not all messages are at the sink (counted from its dump files) the server is killed; the message files then in
/// <c>queue/active</c> are the ones in flight. The server restarts on the same configuration and data against a
/// second, fast sink on the same port: every message must arrive at least once, only messages in flight at the kill
/// may arrive twice (so at most the delivery concurrency of them), none three times, and no queue file is corrupt.
/// </summary>
public sealed partial class DeliveryKillNineTests : IAsyncLifetime
{
    private const int MessageCount = 200;
    private const int SenderCount = 4;
    private const string EndMarker = "END-OF-MESSAGE";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many messages the queue manager delivers at once, the most that can be in flight: set as
    /// <c>default_process_limit</c>, which bounds the delivery workers as Postfix's process limit bounds its delivery
    /// agents (8 is also the queue manager's built-in number of workers).
    /// </summary>
    private const int Concurrency = 8;

    private readonly ITestOutputHelper _output;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sekisho-dkill9-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly List<IAsyncDisposable> _processes = [];
    private int _smtpPort;
    private int _sinkPort;
    private string _config = "";

    public DeliveryKillNineTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private string Queue => Path.Combine(_root, "data", "queue");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _smtpPort = FreePort.Next();
        _sinkPort = FreePort.Next();
        _config = Path.Combine(_root, "sekisho.conf");
        var extra = $"""
            relayhost = [127.0.0.1]:{_sinkPort}
            smtp_tls_security_level = none
            minimal_backoff_time = 1s
            maximal_backoff_time = 2s
            queue_run_delay = 1s
            default_process_limit = {Concurrency}
            """;
        await File.WriteAllTextAsync(_config, TestServer.BaseConfig(_smtpPort, FreePort.Next(), extra));
        await File.WriteAllTextAsync(Path.Combine(_root, "aliases"), "");
        // alice is the sender: a bounce (there should be none) would land in her Maildir.
        var add = await SekishoProcess.RunAsync(_root, "secret\n", "user", "add", "alice", "--admin", "--password-stdin", "--config", _config);
        Assert.True(add.ExitCode == 0, add.StdErr);
        var aliases = await SekishoProcess.RunAsync(_root, null, "newaliases", "--config", _config);
        Assert.True(aliases.ExitCode == 0, aliases.StdErr);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Queue N messages, start the delivery run, kill -9 mid-way, restart, and count what the sinks received.</summary>
    /// <param name="holdFinalReply">
    /// True: the sink answers "." a second late (<c>-W .:1</c>), so the kill finds every worker with a message that is
    /// complete at the sink but not yet acknowledged, the worst case for duplicates. False: the sink answers at once
    /// (but for about one message in twenty, <c>-W .:1:5</c>), so the kill lands wherever the workers happen to be
    /// (moving, opening, sending, removing queue files).
    /// </param>
    /// <param name="killAfterReceived">Complete dumps at the first sink that trigger the kill: some, far from all.</param>
    [Theory]
    [InlineData(true, 12)]
    [InlineData(false, 40)]
    public async Task A_delivery_run_killed_mid_way_delivers_every_message_and_repeats_only_those_in_flight(bool holdFinalReply, int killAfterReceived)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // a backstop: each wait has its own deadline
        var clock = Stopwatch.StartNew();
        var server = await Track(SekishoProcess.StartServeAsync(_root, _config, _smtpPort));

        // 1. Queue every message while nothing listens on the relayhost port: each attempt is refused and deferred.
        var queueIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var batches = await Task.WhenAll(Enumerable.Range(0, SenderCount).Select(SendBatchAsync));
        foreach (var (token, queueId) in batches.SelectMany(b => b))
        {
            queueIds.Add(token, queueId);
        }
        Assert.Equal(MessageCount, queueIds.Count);
        var queuedAfter = clock.Elapsed;

        // 2. A sink comes up and takes the deferred messages at the next queue runs; kill -9 once some have arrived,
        //    by count, not by the clock.
        // Replying at once to every message, the sink could take all 200 between two looks at its dumps on a loaded
        // machine (seen once in CI): about one reply in twenty waits a second, so the run lasts long enough to be cut.
        string[] sinkOptions = holdFinalReply ? ["-W", ".:1"] : ["-W", ".:1:5"];
        var firstSink = await Track(SmtpSinkProcess.StartAsync(_sinkPort, Path.Combine(_root, "dumps-before-kill"), EndMarker, sinkOptions, timeout.Token));
        var deadline = DateTime.UtcNow + Patience;
        while (firstSink.CompleteDumps().Count < killAfterReceived)
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"the sink received only {firstSink.CompleteDumps().Count} messages in {Patience.TotalSeconds} s\n{server.AllOutput}\n{firstSink.AllOutput}");
            Assert.True(server.IsRunning, "the server died on its own:\n" + server.AllOutput);
            await Task.Delay(10, timeout.Token);
        }
        await server.KillAsync();
        var killedAfter = clock.Elapsed;
        var inFlight = QueueIdsIn(QueueState.Active);
        var incomingAtKill = QueueIdsIn(QueueState.Incoming).Count;
        var deferredAtKill = QueueIdsIn(QueueState.Deferred).Count;
        // The kernel may still pass on the last bytes the server wrote, so the first sink's count is final only once
        // the sink is dead too (a transaction it had not finished leaves no complete dump).
        var receivedAtKill = firstSink.CompleteDumps().Count;
        await firstSink.KillAsync();
        var receivedBeforeRestart = Tokens(firstSink.CompleteDumps().Values);

        // 3. Restart on the same configuration and data, against a fast sink on the same port; wait for the queue to
        //    empty: every file removed means every message was acknowledged by a sink, so its dump is complete.
        var fastSink = await Track(SmtpSinkProcess.StartAsync(_sinkPort, Path.Combine(_root, "dumps-after-restart"), EndMarker, [], timeout.Token));
        var restarted = await Track(SekishoProcess.StartServeAsync(_root, _config, _smtpPort));
        deadline = DateTime.UtcNow + Patience;
        while (QueuedCount() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"the queue still holds {QueuedCount()} messages {Patience.TotalSeconds} s after the restart\n{restarted.AllOutput}\n{fastSink.AllOutput}");
            Assert.True(restarted.IsRunning, "the restarted server died:\n" + restarted.AllOutput);
            await Task.Delay(50, timeout.Token);
        }
        var receivedAfterRestart = Tokens(fastSink.CompleteDumps().Values);
        var drainedAfter = clock.Elapsed;

        var received = receivedBeforeRestart.Concat(receivedAfterRestart).GroupBy(t => t, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var duplicates = received.Where(pair => pair.Value > 1).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();
        _output.WriteLine($"{(holdFinalReply ? "sink holds its reply to \".\" 1 s" : "sink replies at once")}; messages: {MessageCount}; at the kill: {receivedAtKill} received by the first sink, {inFlight.Count} in flight " +
            $"(queue/active), {incomingAtKill} incoming, {deferredAtKill} deferred; after the restart: {receivedAfterRestart.Count} received; " +
            $"distinct tokens received: {received.Count}; received twice: {duplicates.Count} ({string.Join(", ", duplicates)}); " +
            $"delivery concurrency: {Concurrency}; queued after {queuedAfter.TotalSeconds:0.0} s, killed after {killedAfter.TotalSeconds:0.0} s, " +
            $"queue empty after {drainedAfter.TotalSeconds:0.0} s");

        Assert.True(receivedAtKill < MessageCount, $"the kill came after the whole run ({receivedAtKill} received)");
        Assert.InRange(inFlight.Count, 0, Concurrency);
        foreach (var token in queueIds.Keys)
        {
            Assert.True(received.ContainsKey(token), $"{token} (queued as {queueIds[token]}) was never received by a sink");
        }
        Assert.Empty(received.Keys.Except(queueIds.Keys, StringComparer.Ordinal));
        Assert.All(received, pair => Assert.InRange(pair.Value, 1, 2));
        foreach (var token in duplicates)
        {
            Assert.True(inFlight.Contains(queueIds[token]),
                $"{token} (queued as {queueIds[token]}) was received twice but was not in the active queue at the kill");
        }
        Assert.True(duplicates.Count <= inFlight.Count, $"{duplicates.Count} messages received twice, {inFlight.Count} were in flight");
        Assert.Empty(Directory.GetFiles(Path.Combine(Queue, "corrupt")));
        var bounces = Path.Combine(_root, "data", "mail", "alice", "new");
        Assert.True(!Directory.Exists(bounces) || Directory.GetFiles(bounces).Length == 0, "a non-delivery notification was sent");

        Assert.True(await restarted.TerminateAsync(), "the restarted server did not stop on SIGTERM");
        Assert.Equal(0, restarted.ExitCode);
    }

    /// <summary>Sends this sender's share of the messages over one connection; returns token → queue id.</summary>
    private async Task<List<(string Token, string QueueId)>> SendBatchAsync(int sender)
    {
        var filler = new StringBuilder();
        for (var i = 0; i < 8; i++)
        {
            filler.Append("Line ").Append(i).Append(" of filler text, so the body is more than one line.\r\n");
        }
        var queued = new List<(string, string)>();
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(_smtpPort);
        for (var n = sender; n < MessageCount; n += SenderCount)
        {
            var token = $"t{n}";
            Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<alice@example.test>"));
            Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<friend@outside.example>"));
            Assert.StartsWith("354", await client.CommandAsync("DATA"));
            await client.SendAsync($"From: alice@example.test\r\nTo: friend@outside.example\r\nSubject: delivery run\r\nX-Token: {token}\r\n\r\n{filler}{EndMarker}\r\n.\r\n");
            var reply = await client.ReadReplyAsync();
            var id = QueuedPattern().Match(reply);
            Assert.True(id.Success, reply);
            queued.Add((token, id.Groups[1].Value));
        }
        Assert.StartsWith("221", await client.CommandAsync("QUIT"));
        return queued;
    }

    private async Task<T> Track<T>(Task<T> starting) where T : IAsyncDisposable
    {
        var process = await starting;
        _processes.Add(process);
        return process;
    }

    private HashSet<string> QueueIdsIn(QueueState state) =>
        Directory.GetFiles(Path.Combine(Queue, state.ToString().ToLowerInvariant())).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);

    private int QueuedCount() =>
        new[] { "tmp", "incoming", "active", "deferred", "hold" }.Select(s => Path.Combine(Queue, s)).Where(Directory.Exists).Sum(d => Directory.GetFiles(d).Length);

    /// <summary>The X-Token of each dump, one entry per dump (so a token received twice is there twice).</summary>
    private static List<string> Tokens(IEnumerable<string> dumps)
    {
        var tokens = new List<string>();
        foreach (var text in dumps)
        {
            var token = TokenPattern().Match(text);
            Assert.True(token.Success, "a dump without a token:\n" + text);
            tokens.Add(token.Groups[1].Value);
        }
        return tokens;
    }

    [GeneratedRegex(@"^X-Token: (t\d+)$", RegexOptions.Multiline)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^250 2\.0\.0 Ok: queued as ([0-9A-F]+)$")]
    private static partial Regex QueuedPattern();
}
