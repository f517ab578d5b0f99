using System.Text.RegularExpressions;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Cli;

/// <summary>
/// <c>sekisho queue</c> against a running <c>sekisho serve</c>: local delivery waits (<c>defer_transports = local</c>)
/// so the queue has something to show, and every change goes through the server's control socket.
/// </summary>
public sealed class QueueCommandTests
{
    private static async Task<ServedSite> SiteAsync()
    {
        var site = await ServedSite.CreateAsync("alice", "bob");
        await File.AppendAllTextAsync(site.ConfigPath, "\ndefer_transports = local\nqueue_run_delay = 1s\nminimal_backoff_time = 1s\nmaximal_backoff_time = 1s\n");
        await site.StartServerAsync();
        return site;
    }

    private static async Task WaitForListAsync(ServedSite site, Func<string, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string listing;
        do
        {
            listing = (await site.RunAsync(null, "queue", "list")).StdOut;
            if (condition(listing))
            {
                return;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail("queue list never matched:\n" + listing + "\n" + site.ServerOutput);
    }

    [Fact]
    public async Task List_show_hold_flush_release_requeue_and_delete_work_while_the_server_runs()
    {
        await using var site = await SiteAsync();
        await site.SendAsync("alice@example.test", "first");
        await site.SendAsync("bob@example.test", "second");
        await site.SendAsync("bob@localhost", "third");
        await WaitForListAsync(site, listing => listing.Contains("-- 1 Kbytes in 3 Requests.") && !listing.Contains('*'));

        var listing = (await site.RunAsync(null, "queue", "list")).StdOut;
        Assert.StartsWith("-Queue ID-", listing);
        Assert.Equal(3, Regex.Matches(listing, @"^[0-9A-F]+ +\d+ \w{3} \w{3} +\d+ \d\d:\d\d:\d\d  sender@client\.example$", RegexOptions.Multiline).Count);
        Assert.Contains("(deferred transport)", listing);
        Assert.Contains("alice@example.test", listing);
        var ids = Regex.Matches(listing, @"^([0-9A-F]+) ", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        var (first, second, third) = (ids[0], ids[1], ids[2]);

        var show = await site.RunAsync(null, "queue", "show", first);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains($"*** ENVELOPE RECORDS {first} ***", show.StdOut);
        Assert.Contains("queue: deferred", show.StdOut);
        Assert.Contains("sender: sender@client.example", show.StdOut);
        Assert.Contains("recipient: alice@example.test (pending, local:alice) (deferred transport)", show.StdOut);
        Assert.Contains("Subject: first\r\n\r\nBody of first.\r\n", show.StdOut);

        Assert.Equal((0, $"sekisho: {first}: placed on hold\n"), await RunAsync(site, "queue", "hold", first));
        await WaitForListAsync(site, l => l.Contains(first + "!"));

        // Only the message for localhost is flushed; the held one stays held.
        Assert.Equal((0, "sekisho: 1 deferred for localhost message(s) queued for delivery\n"), await RunAsync(site, "queue", "flush", "--domain", "localhost"));
        await site.WaitForMessagesAsync("bob", 1);
        Assert.Equal(["third"], site.SubjectsOf("bob"));

        Assert.Equal((0, $"sekisho: {first}: released from hold\n"), await RunAsync(site, "queue", "release", first));
        await WaitForListAsync(site, l => l.Contains(first) && !l.Contains(first + "!") && !l.Contains(first + "*"));
        Assert.Empty(site.MessagesOf("alice")); // released, but local delivery still waits for a flush

        Assert.Equal((0, $"sekisho: {first}: requeued\n"), await RunAsync(site, "queue", "requeue", first));
        await site.WaitForMessagesAsync("alice", 1);

        Assert.Equal((0, $"sekisho: {second}: removed\n"), await RunAsync(site, "queue", "delete", second));
        Assert.Equal((0, "Mail queue is empty\n"), await RunAsync(site, "queue", "list"));
        Assert.Equal(["third"], site.SubjectsOf("bob"));
        Assert.Contains(site.Server.Output, line => line.Contains($"{second}: removed (by the admin)"));
    }

    [Fact]
    public async Task Bad_requests_exit_with_sysexits_codes_and_the_queue_is_locked_against_a_second_server()
    {
        await using var site = await SiteAsync();
        var missing = await site.RunAsync(null, "queue", "delete", "6410A2F3C81B2");
        Assert.Equal((65, "sekisho: 6410A2F3C81B2: no such message in the queue\n"), (missing.ExitCode, missing.StdErr));
        var bad = await site.RunAsync(null, "queue", "hold", "../etc/passwd");
        Assert.Equal((64, "sekisho: bad queue id: ../etc/passwd\n"), (bad.ExitCode, bad.StdErr));
        var show = await site.RunAsync(null, "queue", "show", "6410A2F3C81B2");
        Assert.Equal(65, show.ExitCode);

        var second = await SekishoProcess.RunAsync(site.Directory.Path, null, "serve", "--config", site.ConfigPath);
        Assert.Equal(71, second.ExitCode);
        Assert.Contains("is in use by another running Sekisho", second.StdErr);
    }

    [Fact]
    public async Task Without_a_server_the_command_changes_the_queue_itself_and_the_server_delivers_at_start()
    {
        await using var site = await SiteAsync();
        await site.SendAsync("alice@example.test", "waiting");
        await WaitForListAsync(site, l => l.Contains("1 Request."));
        Assert.True(await site.Server.TerminateAsync());

        var id = Regex.Match((await site.RunAsync(null, "queue", "list")).StdOut, @"^([0-9A-F]+) ", RegexOptions.Multiline).Groups[1].Value;
        Assert.Equal((0, $"sekisho: {id}: placed on hold\n"), await RunAsync(site, "queue", "hold", id));
        Assert.Equal((0, $"sekisho: {id}: requeued\n"), await RunAsync(site, "queue", "requeue", id));
        Assert.True(File.Exists(site.Directory[$"data/queue/incoming/{id}"]));

        await File.AppendAllTextAsync(site.ConfigPath, "\ndefer_transports =\n");
        await site.StartServerAsync();
        await site.WaitForMessagesAsync("alice", 1);
    }

    private static async Task<(int, string)> RunAsync(ServedSite site, params string[] args)
    {
        var (exit, stdout, stderr) = await site.RunAsync(null, args);
        return (exit, exit == 0 ? stdout : stderr);
    }
}
