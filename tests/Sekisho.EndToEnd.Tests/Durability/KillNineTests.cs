using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Durability;

/// <summary>
/// Never lose a message once we have said 250: the server runs as its own process, clients send in a loop,
/// the server is killed with SIGKILL mid-stream and restarted, and every message that got a 250 must be
/// delivered exactly once, with no partial message anywhere.
/// </summary>
public sealed partial class KillNineTests : IAsyncLifetime
{
    private const string EndMarker = "END-OF-MESSAGE";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sekisho-kill9-" + Guid.NewGuid().ToString("N")[..10]);
    private int _smtpPort;
    private string _config = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _smtpPort = FreePort.Next();
        _config = Path.Combine(_root, "sekisho.conf");
        await File.WriteAllTextAsync(_config, TestServer.BaseConfig(_smtpPort, FreePort.Next(), ""));
        await File.WriteAllTextAsync(Path.Combine(_root, "aliases"), "");
        var add = await SekishoProcess.RunAsync(_root, "secret\n", "user", "add", "alice", "--admin", "--password-stdin", "--config", _config);
        Assert.True(add.ExitCode == 0, add.StdErr);
        var aliases = await SekishoProcess.RunAsync(_root, null, "newaliases", "--config", _config);
        Assert.True(aliases.ExitCode == 0, aliases.StdErr);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(20)]
    [InlineData(150)]
    public async Task Every_acknowledged_message_is_delivered_exactly_once_after_sigkill(int killAfterAcknowledged)
    {
        var acknowledged = new ConcurrentDictionary<string, string>();
        var server = await SekishoProcess.StartServeAsync(_root, _config, _smtpPort);
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 4).Select(n => SendLoopAsync(n, acknowledged, stop.Token)).ToArray();

        // Kill by progress, not by the clock, so a slow machine still kills mid-stream.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (acknowledged.Count < killAfterAcknowledged)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {acknowledged.Count} messages acknowledged in 60 s");
            await Task.Delay(5);
        }
        await server.KillAsync();
        stop.Cancel();
        await Task.WhenAll(senders);

        await using var restarted = await SekishoProcess.StartServeAsync(_root, _config, _smtpPort);
        var maildir = Path.Combine(_root, "data", "mail", "alice");
        var delivered = await WaitForQuietQueueAsync(maildir);

        var seen = new Dictionary<string, int>();
        foreach (var file in delivered)
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.True(text.EndsWith(EndMarker + "\r\n", StringComparison.Ordinal), $"partial message in {file}");
            var token = TokenPattern().Match(text);
            Assert.True(token.Success, $"no token in {file}");
            seen[token.Groups[1].Value] = seen.GetValueOrDefault(token.Groups[1].Value) + 1;
        }
        foreach (var (token, queueId) in acknowledged)
        {
            Assert.True(seen.TryGetValue(token, out var count), $"{token} (queued as {queueId}) was acknowledged but never delivered");
            Assert.Equal(1, count);
        }
        Assert.All(seen, pair => Assert.Equal(1, pair.Value));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "data", "queue", "corrupt")));
        Assert.True(await restarted.TerminateAsync(), "restarted server did not stop on SIGTERM");
        Assert.Equal(0, restarted.ExitCode);
    }

    private async Task SendLoopAsync(int sender, ConcurrentDictionary<string, string> acknowledged, CancellationToken stop)
    {
        var body = new StringBuilder();
        for (var i = 0; i < 60; i++)
        {
            body.Append("Line ").Append(i).Append(" of filler text so the message spans several reads.\r\n");
        }
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var client = await RawSmtpClient.ConnectAndGreetAsync(_smtpPort);
                while (!stop.IsCancellationRequested)
                {
                    var token = $"s{sender}-m{n++}";
                    Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<load@example.test>"));
                    Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<alice@example.test>"));
                    Assert.StartsWith("354", await client.CommandAsync("DATA"));
                    await client.SendAsync($"Subject: durability\r\nX-Token: {token}\r\n\r\n{body}{EndMarker}\r\n.\r\n");
                    var reply = await client.ReadReplyAsync();
                    var queued = QueuedPattern().Match(reply);
                    Assert.True(queued.Success, reply);
                    acknowledged[token] = queued.Groups[1].Value;
                }
            }
            catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or TimeoutException)
            {
                // The server died; whatever had no 250 may or may not be delivered.
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    private async Task<IReadOnlyList<string>> WaitForQuietQueueAsync(string maildir)
    {
        var queue = Path.Combine(_root, "data", "queue");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var stableSince = DateTime.UtcNow;
        var lastCount = -1;
        while (DateTime.UtcNow < deadline)
        {
            var busy = new[] { "tmp", "incoming", "active" }.Sum(s => Directory.GetFiles(Path.Combine(queue, s)).Length);
            var files = Directory.GetFiles(Path.Combine(maildir, "new"));
            if (files.Length != lastCount || busy > 0)
            {
                lastCount = files.Length;
                stableSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - stableSince > TimeSpan.FromMilliseconds(700))
            {
                return files;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("the queue did not drain after restart");
    }

    [GeneratedRegex(@"X-Token: (s\d+-m\d+)")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^250 2\.0\.0 Ok: queued as ([0-9A-F]+)$")]
    private static partial Regex QueuedPattern();
}
