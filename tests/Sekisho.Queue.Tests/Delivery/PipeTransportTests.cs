using System.Diagnostics;
using System.Runtime.Versioning;
using Sekisho.Delivery.Pipe;
using Sekisho.Delivery.Unix;

namespace Sekisho.Queue.Tests.Delivery;

/// <summary>The <c>pipe</c> transport with real <c>/bin/sh</c> commands: stdin, environment, user, sysexits, time limit.</summary>
[SupportedOSPlatform("linux")]
public sealed class PipeTransportTests : IDisposable
{
    private const string Message = "Received: from client.example\r\nFrom: a@example.org\r\nSubject: pipe\r\n\r\nFrom here on\r\n.\r\nbody\r\n";

    private readonly TransportHarness _harness = new();
    private readonly PipeTransport _transport = new("nobody", TimeSpan.FromSeconds(10));

    public void Dispose() => _harness.Dispose();

    private static QueueRecipient Command(string command) =>
        new("tracker@example.test", "Tracker+x@Example.Test", "pipe", command);

    [Fact]
    public async Task The_command_gets_the_exact_message_and_a_clean_environment_and_never_runs_as_root()
    {
        var command = $"cat > {_harness.Output}/stdin; env > {_harness.Output}/env; id -u > {_harness.Output}/uid";

        var result = Assert.Single(await _harness.DeliverAsync(_transport, Message, "sender@example.org", Command(command)));

        Assert.Equal(RecipientStatus.Sent, result.Status);
        Assert.Equal(("local", "delivered to command: " + command), (result.Relay, result.Detail));
        Assert.Equal(Message, await File.ReadAllTextAsync(Path.Combine(_harness.Output, "stdin")));
        var environment = (await File.ReadAllLinesAsync(Path.Combine(_harness.Output, "env"))).ToHashSet();
        Assert.Subset(environment, new HashSet<string>
        {
            "SENDER=sender@example.org", "RECIPIENT=tracker@example.test", "ORIGINAL_RECIPIENT=Tracker+x@Example.Test",
            "LOCAL=tracker", "DOMAIN=example.test", "HOME=/", "SHELL=/bin/sh", "PATH=/usr/bin:/bin",
        });
        var names = environment.Select(line => line[..line.IndexOf('=')]).ToHashSet();
        Assert.Subset(new HashSet<string> { "SENDER", "RECIPIENT", "ORIGINAL_RECIPIENT", "LOCAL", "DOMAIN", "HOME", "SHELL", "PATH", "PWD", "SHLVL", "_", "OLDPWD" }, names);
        var uid = (await File.ReadAllTextAsync(Path.Combine(_harness.Output, "uid"))).Trim();
        var expected = ProcessUser.IsRoot ? (await SystemUser.FindAsync("nobody", CancellationToken.None))!.Uid.ToString() : uid;
        Assert.Equal(expected, uid);
        Assert.NotEqual("0", uid);
    }

    [Fact]
    public async Task The_null_sender_is_an_empty_SENDER()
    {
        await _harness.DeliverAsync(_transport, Message, "", Command($"printf '[%s]' \"$SENDER\" > {_harness.Output}/sender"));

        Assert.Equal("[]", await File.ReadAllTextAsync(Path.Combine(_harness.Output, "sender")));
    }

    [Theory]
    [InlineData("exit 0", RecipientStatus.Sent, "delivered to command: exit 0")]
    [InlineData("cat >/dev/null; exit 75", RecipientStatus.Pending, "Command died with status 75: \"cat >/dev/null; exit 75\" (temporary failure)")]
    [InlineData("echo 'try later' >&2; exit 71", RecipientStatus.Pending, "Command died with status 71: \"echo 'try later' >&2; exit 71\" (system resource problem). Command output: try later")]
    [InlineData("echo 'no such ticket queue' >&2; exit 67", RecipientStatus.Bounced, "Command died with status 67: \"echo 'no such ticket queue' >&2; exit 67\" (user unknown). Command output: no such ticket queue")]
    [InlineData("exit 64", RecipientStatus.Bounced, "Command died with status 64: \"exit 64\" (command line usage error)")]
    [InlineData("exit 78", RecipientStatus.Bounced, "Command died with status 78: \"exit 78\" (local configuration error)")]
    [InlineData("printf '\\n\\nfirst\\nsecond\\n'; exit 1", RecipientStatus.Bounced, "Command died with status 1: \"printf '\\n\\nfirst\\nsecond\\n'; exit 1\". Command output: first")]
    [InlineData("echo out; echo err >&2; exit 2", RecipientStatus.Bounced, "Command died with status 2: \"echo out; echo err >&2; exit 2\". Command output: err")]
    [InlineData("/no/such/program 2>/dev/null", RecipientStatus.Bounced, "Command died with status 127: \"/no/such/program 2>/dev/null\"")]
    public async Task Exit_statuses_are_read_as_sysexits(string command, RecipientStatus status, string detail)
    {
        var result = Assert.Single(await _harness.DeliverAsync(_transport, Message, "s@example.org", Command(command)));

        Assert.Equal((status, detail), (result.Status, result.Detail));
    }

    [Fact]
    public async Task Output_in_the_detail_is_one_line_of_at_most_200_characters()
    {
        var result = Assert.Single(await _harness.DeliverAsync(_transport, Message, "s@example.org", Command("printf 'x%.0s' $(seq 500) >&2; exit 1")));

        Assert.EndsWith("Command output: " + new string('x', 200), result.Detail);
    }

    [Fact]
    public async Task A_command_past_the_time_limit_is_killed_with_its_children_and_deferred()
    {
        var transport = new PipeTransport("nobody", TimeSpan.FromSeconds(1));
        var pidFile = Path.Combine(_harness.Output, "child");
        var command = $"sleep 30 & echo $! > {pidFile}; sleep 5";
        var clock = Stopwatch.StartNew();

        var result = Assert.Single(await _harness.DeliverAsync(transport, Message, "s@example.org", Command(command)));

        Assert.Equal((RecipientStatus.Pending, $"Command time limit exceeded: \"{command}\""), (result.Status, result.Detail));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 4);
        var child = (await File.ReadAllTextAsync(pidFile)).Trim();
        await WaitUntilGoneAsync(child);
    }

    [Fact]
    public async Task A_chatty_command_that_ignores_its_input_does_not_deadlock()
    {
        var large = "Subject: big\r\n\r\n" + string.Concat(Enumerable.Repeat(new string('y', 998) + "\r\n", 2000));
        var command = "head -c 1000000 /dev/zero | tr '\\0' e >&2; head -c 1000000 /dev/zero | tr '\\0' o; exit 0";
        var clock = Stopwatch.StartNew();

        var result = Assert.Single(await _harness.DeliverAsync(_transport, large, "s@example.org", Command(command)));

        Assert.Equal(RecipientStatus.Sent, result.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task A_background_child_holding_the_pipes_does_not_hold_up_delivery()
    {
        var clock = Stopwatch.StartNew();

        var result = Assert.Single(await _harness.DeliverAsync(_transport, Message, "s@example.org", Command("sleep 4 & exit 0")));

        Assert.Equal(RecipientStatus.Sent, result.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3.5), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task Each_recipient_runs_its_own_command()
    {
        var results = await _harness.DeliverAsync(_transport, Message, "s@example.org",
            Command($"cat > {_harness.Output}/one"), Command("exit 67"), Command($"wc -c > {_harness.Output}/two"));

        Assert.Equal([RecipientStatus.Sent, RecipientStatus.Bounced, RecipientStatus.Sent], results.Select(r => r.Status));
        Assert.Equal(Message, await File.ReadAllTextAsync(Path.Combine(_harness.Output, "one")));
        Assert.Equal(Message.Length.ToString(), (await File.ReadAllTextAsync(Path.Combine(_harness.Output, "two"))).Trim());
    }

    private static async Task WaitUntilGoneAsync(string pid)
    {
        for (var i = 0; i < 40 && Directory.Exists($"/proc/{pid}") && !IsZombie(pid); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(!Directory.Exists($"/proc/{pid}") || IsZombie(pid), $"process {pid} outlived the time limit");
    }

    private static bool IsZombie(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');
        }
        catch (IOException)
        {
            return true; // gone
        }
    }
}
