using Sekisho.EndToEnd.Tests.Cli;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Metrics;

/// <summary>
/// <c>sekisho status</c> as an admin runs it: against a running server without <c>metrics_listen</c> (it asks over the
/// control socket), with <c>--prometheus</c>, and with no server (exit 69, EX_UNAVAILABLE), also after a kill -9.
/// </summary>
public sealed class StatusCommandTests
{
    private static Task<(int ExitCode, string StdOut, string StdErr)> StatusAsync(TestServer server, params string[] args) =>
        SekishoProcess.RunAsync(server.Root, null, ["status", .. args, "--config", server.ConfigPath]);

    [Fact]
    public async Task Status_summarizes_a_running_server_at_a_glance()
    {
        await using var server = await TestServer.StartAsync();
        await using (var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.2"))
        {
            Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("554 5.7.1 <friend@outside.example>: Relay access denied", await smtp.CommandAsync("RCPT TO:<friend@outside.example>"));
            Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<bob@example.test>"));
            Assert.StartsWith("354 ", await smtp.CommandAsync("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued as ", await smtp.CommandAsync("Subject: status\r\n\r\nCounted.\r\n."));
            Assert.StartsWith("221 ", await smtp.CommandAsync("QUIT"));
        }
        await server.WaitForMessagesAsync("bob", 1);

        string[] lines = [];
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            var (exit, stdout, stderr) = await StatusAsync(server);
            Assert.True(exit == 0, stderr);
            lines = TempDirectory.Lines(stdout);
        }
        while (!lines.Contains("connections (open/total): smtp 0/1, submission 0/0, pop3 0/0, pop3s 0/0") && DateTime.UtcNow < deadline);

        Assert.Matches(@"^sekisho [0-9.]+: up 0m \d\ds \(since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)$", lines[0]);
        Assert.Equal(
        [
            "connections (open/total): smtp 0/1, submission 0/0, pop3 0/0, pop3s 0/0",
            "messages accepted: 1",
            "rejects: 1",
            "  relay_denied         1  reject_unauth_destination",
            "logins: 0 succeeded, 0 failed",
            "pop-before-smtp authorizations: 0",
            "queue: incoming 0, active 0, deferred 0, hold 0, corrupt 0",
            "deliveries: delivered 1, deferred 0, bounced 0",
        ], lines[1..]);

        var raw = await StatusAsync(server, "--prometheus");
        Assert.Equal(0, raw.ExitCode);
        var scrape = Exposition.Parse(raw.StdOut);
        Assert.Equal(1, scrape["sekisho_rejects_total{reason=\"relay_denied\",restriction=\"reject_unauth_destination\"}"]);
        Assert.Equal(1, scrape["sekisho_messages_accepted_total{listener=\"smtp\"}"]);
        Assert.Equal(1, scrape["sekisho_delivery_attempts_total{transport=\"local\",result=\"delivered\"}"]);
    }

    [Fact]
    public async Task Without_a_running_server_status_says_so_and_exits_69()
    {
        await using var site = await ServedSite.CreateAsync("alice");
        var queue = site.Directory["data/queue"];
        var never = await site.RunAsync(null, "status");
        Assert.Equal((69, "", $"sekisho: no server is running on {queue} (start one with sekisho serve)\n"), never);
        Assert.False(Directory.Exists(queue)); // asking created nothing

        await site.StartServerAsync();
        var running = await site.RunAsync(null, "status");
        Assert.True(running.ExitCode == 0, running.StdErr);
        Assert.Contains("messages accepted: 0\n", running.StdOut);

        await site.Server.KillAsync(); // kill -9: the control socket file stays behind, the queue lock does not
        Assert.True(File.Exists(Path.Combine(queue, "control.sock")));
        var killed = await site.RunAsync(null, "status", "--prometheus");
        Assert.Equal((69, "", $"sekisho: no server is running on {queue} (start one with sekisho serve)\n"), killed);
    }
}
