using Sekisho.EndToEnd.Tests.Cli;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Service;

/// <summary><c>maillog_file</c>: the mail log goes to a file, which logrotate's <c>mv</c> plus SIGHUP (or <c>sekisho reload</c>) rotates.</summary>
public sealed class MaillogFileTests
{
    [Fact]
    public async Task A_log_rotated_with_mv_and_sighup_continues_in_a_new_file()
    {
        await using var site = await ServedSite.CreateAsync("*alice");
        await File.AppendAllTextAsync(site.ConfigPath, "maillog_file = maillog\n"); // relative to the configuration file
        var maillog = site.Directory["maillog"];
        await site.StartServerAsync();
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(maillog));
        }

        await site.SendAsync("alice@example.test", "one");
        await WaitForLinesAsync(maillog, "status=sent", 1);
        File.Move(maillog, maillog + ".1");
        site.Server.Signal("HUP");
        await WaitForLinesAsync(maillog, ": reload -- version ", 1);
        await site.SendAsync("alice@example.test", "two");
        await WaitForLinesAsync(maillog, "status=sent", 1);

        File.Move(maillog, maillog + ".2");
        var (exitCode, stdout, stderr) = await site.RunAsync(null, "reload");
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("sekisho: reloaded: lookup tables, alias maps, maillog_file reopened\n", stdout);
        await site.SendAsync("alice@example.test", "three");
        await WaitForLinesAsync(maillog, "status=sent", 1);
        Assert.True(await site.Server.TerminateAsync(timeoutSeconds: 10));

        var first = await File.ReadAllLinesAsync(maillog + ".1");
        var second = await File.ReadAllLinesAsync(maillog + ".2");
        var third = await File.ReadAllLinesAsync(maillog);
        Assert.Contains(first, line => line.Contains(": daemon started -- version ", StringComparison.Ordinal));
        Assert.DoesNotContain(first, line => line.Contains(": reload -- ", StringComparison.Ordinal)); // written after the reopen
        // Each message's lines, from connect to delivery, are in the one file that was current then.
        Assert.Single(first, line => line.Contains("status=sent", StringComparison.Ordinal));
        Assert.Single(second, line => line.Contains("status=sent", StringComparison.Ordinal));
        Assert.Single(third, line => line.Contains("status=sent", StringComparison.Ordinal));
        Assert.Single(second, line => line.Contains(": reload -- version ", StringComparison.Ordinal) && line.EndsWith(": lookup tables, alias maps, maillog_file reopened", StringComparison.Ordinal));
        Assert.Single(third, line => line.Contains(": reload -- version ", StringComparison.Ordinal));
        Assert.EndsWith(": daemon stopped", third[^1]);
        Assert.Equal(3, first.Concat(second).Concat(third).Count(line => line.Contains(": client=unknown[127.0.0.1], from=<sender@client.example>", StringComparison.Ordinal)));
        Assert.DoesNotContain(site.Server.Output, line => line.Contains("sekisho/", StringComparison.Ordinal)); // nothing on stdout
    }

    [Fact]
    public async Task A_maillog_file_that_cannot_be_opened_is_fatal_with_exit_71()
    {
        await using var site = await ServedSite.CreateAsync();
        await File.AppendAllTextAsync(site.ConfigPath, "maillog_file = no-such-folder/maillog\n");
        var (exitCode, _, stderr) = await site.RunAsync(null, "serve");
        Assert.Equal(71, exitCode);
        Assert.StartsWith($"sekisho: fatal: maillog_file {site.Directory["no-such-folder/maillog"]}: ", stderr);
    }

    private static async Task WaitForLinesAsync(string path, string text, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var found = File.Exists(path) ? File.ReadLines(path).Count(line => line.Contains(text, StringComparison.Ordinal)) : 0;
            if (found >= count)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{path}: {found} lines with \"{text}\", expected {count}");
            }
            await Task.Delay(20);
        }
    }
}
