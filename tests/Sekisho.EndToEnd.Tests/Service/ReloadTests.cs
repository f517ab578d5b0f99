using Sekisho.EndToEnd.Tests.Cli;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Service;

/// <summary>
/// SIGHUP and <c>sekisho reload</c> on a served process: aliases and lookup tables change at once, one line says
/// what was reloaded, and neither the server nor a session in progress is stopped.
/// </summary>
public sealed class ReloadTests
{
    private const string ReloadLine = "sekisho/master[";

    [Fact]
    public async Task Sighup_after_newaliases_changes_an_alias_at_once()
    {
        await using var site = await ServedSite.CreateAsync("*alice", "bob");
        Assert.Equal(0, (await site.NewAliasesAsync("team: alice\n")).ExitCode);
        await site.StartServerAsync();
        Assert.StartsWith("250 ", await site.SendAsync("team@example.test", "first"));
        await site.WaitForMessagesAsync("alice", 1);

        Assert.Equal(0, (await site.NewAliasesAsync("team: bob\n")).ExitCode);
        site.Server.Signal("HUP");
        await site.Server.WaitForOutputAsync(": reload -- version ");
        Assert.StartsWith("250 ", await site.SendAsync("team@example.test", "second"));

        await site.WaitForMessagesAsync("bob", 1);
        Assert.Equal(["first"], site.SubjectsOf("alice"));
        Assert.Equal(["second"], site.SubjectsOf("bob"));
        var reload = Assert.Single(site.Server.Output, line => line.Contains(": reload -- ", StringComparison.Ordinal));
        Assert.Contains(ReloadLine, reload);
        Assert.EndsWith($", configuration {site.ConfigPath}: lookup tables, alias maps", reload);
        Assert.True(site.Server.IsRunning);
    }

    [Fact]
    public async Task Sighup_rereads_a_table_whose_size_and_time_stamp_did_not_change()
    {
        await using var site = await ServedSite.CreateAsync("*alice");
        await File.AppendAllTextAsync(site.ConfigPath, "smtpd_client_restrictions = check_client_access cidr:clients.cidr\n");
        var table = site.Directory.Write("clients.cidr", "127.0.0.1/32 OK    \n");
        var stamp = File.GetLastWriteTimeUtc(table);
        await site.StartServerAsync();
        Assert.StartsWith("250 ", await site.SendAsync("alice@example.test", "before"));

        File.WriteAllText(table, "127.0.0.1/32 REJECT\n"); // same size, old time stamp: as rsync -t or cp -p leave it
        File.SetLastWriteTimeUtc(table, stamp);
        await Task.Delay(1100); // past the once-a-second check: the file looks unchanged
        Assert.StartsWith("250 ", await site.SendAsync("alice@example.test", "unchanged"));

        site.Server.Signal("HUP");
        await site.Server.WaitForOutputAsync(": reload -- version ");
        Assert.Equal("554 5.7.1 <unknown[127.0.0.1]>: Client host rejected: Access denied", await site.SendAsync("alice@example.test", "after"));
    }

    [Fact]
    public async Task Sighup_neither_stops_the_server_nor_drops_a_session_in_progress()
    {
        await using var site = await ServedSite.StartAsync("*alice");
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(site.SmtpPort);
        Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<sender@client.example>"));
        for (var i = 1; i <= 3; i++)
        {
            site.Server.Signal("HUP");
            await site.Server.WaitForOutputAsync(": reload -- version ", count: i);
        }
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
        Assert.StartsWith("354 ", await client.CommandAsync("DATA"));
        site.Server.Signal("HUP"); // in the middle of the message
        await site.Server.WaitForOutputAsync(": reload -- version ", count: 4);
        Assert.StartsWith("250 2.0.0 Ok: queued as ", await client.CommandAsync("Subject: during reloads\r\n\r\nHello.\r\n."));
        Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));

        await site.WaitForMessagesAsync("alice", 1);
        Assert.Equal(["during reloads"], site.SubjectsOf("alice"));
        Assert.True(site.Server.IsRunning, site.ServerOutput);
        Assert.StartsWith("250 ", await site.SendAsync("alice@example.test", "after reloads"));
        Assert.Single(site.Server.Output, line => line.Contains(": daemon started", StringComparison.Ordinal));
        Assert.DoesNotContain(site.Server.Output, line => line.Contains(": daemon stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sekisho_reload_asks_the_running_server_and_says_so_when_none_runs()
    {
        await using var site = await ServedSite.CreateAsync("*alice");
        var (exitCode, _, stderr) = await site.RunAsync(null, "reload");
        Assert.Equal(69, exitCode);
        Assert.Contains("sekisho: fatal: no server is running on ", stderr);

        await site.StartServerAsync();
        (exitCode, var stdout, stderr) = await site.RunAsync(null, "reload");
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("sekisho: reloaded: lookup tables, alias maps\n", stdout);
        await site.Server.WaitForOutputAsync(": reload -- version ");
        Assert.True(site.Server.IsRunning);
        Assert.DoesNotContain(site.Server.Output, line => line.Contains("warning: reload:", StringComparison.Ordinal));

        // Parameters are read at start only: a reload after an edit says so.
        await File.AppendAllTextAsync(site.ConfigPath, "smtpd_banner = $myhostname ESMTP changed\n");
        Assert.Equal(0, (await site.RunAsync(null, "reload")).ExitCode);
        await site.Server.WaitForOutputAsync(": reload -- version ", count: 2);
        Assert.Contains(site.Server.Output, line => line.EndsWith(
            $"warning: reload: {site.ConfigPath} changed since the server started: its parameters take effect at the next start (lookup tables and aliases are reloaded)",
            StringComparison.Ordinal));
    }
}
