using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Pop3;

/// <summary>
/// Failed POP3 logins count in the same per-address throttle as SMTP AUTH failures. Once an address is locked out, a
/// POP3 login (even with the right password) gets <c>-ERR [SYS/TEMP] Too many authentication failures, try again
/// later.</c> and the connection closes, as SMTP answers 421 and closes; other addresses are not affected.
/// </summary>
public sealed class Pop3ThrottleTests
{
    private const string Config = "smtpd_tls_auth_only = no\nsmtpd_auth_failure_delay = 0\nsmtpd_auth_failure_limit = 3\nsmtpd_auth_penalty_time = 60s";

    private const string LockedOut = "-ERR [SYS/TEMP] Too many authentication failures, try again later.";

    private static string SmtpPlain(string password) => "AUTH PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0alice\0{password}"));

    private static async Task<string> PopLoginAsync(TestServer server, string password, string address = Pop3TestMail.Outside)
    {
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port, address);
        Assert.Equal("+OK", await client.CommandAsync("USER alice"));
        var reply = await client.CommandAsync("PASS " + password);
        if (reply == LockedOut)
        {
            Assert.True(await client.IsClosedByServerAsync());
        }
        return reply;
    }

    [Fact]
    public async Task Smtp_and_pop3_failures_add_up_and_lock_both_out()
    {
        await using var server = await TestServer.StartAsync(Config);
        for (var i = 0; i < 2; i++)
        {
            await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Pop3TestMail.Outside);
            Assert.StartsWith("535 ", await smtp.CommandAsync(SmtpPlain("guess" + i)));
        }
        Assert.Equal("-ERR [AUTH] Authentication failed.", await PopLoginAsync(server, "guess"));
        Assert.Equal(LockedOut, await PopLoginAsync(server, "secret"));
        await using (var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Pop3TestMail.Outside))
        {
            Assert.Equal("421 4.7.0 Error: too many authentication failures, try again later", await smtp.CommandAsync(SmtpPlain("secret")));
        }
        Assert.Equal("+OK Logged in.", await PopLoginAsync(server, "secret", "127.0.0.3"));
        Assert.Contains(server.LogLines, l => l == "pop3d: unknown[127.0.0.2]: authentication failed (method=USER, user=<alice>)");
        Assert.Contains(server.LogLines, l => l.StartsWith("pop3d: unknown[127.0.0.2]: too many authentication failures: logins refused until ", StringComparison.Ordinal));
        Assert.Contains(server.LogLines, l => l.StartsWith("pop3d: unknown[127.0.0.2]: login refused: too many authentication failures (locked until ", StringComparison.Ordinal));
        Assert.Contains(server.LogLines, l => l == "pop3d: disconnect from unknown[127.0.0.2]: Too many authentication failures (no login, 1 failed)");
    }

    [Fact]
    public async Task Pop3_failures_alone_lock_smtp_auth_out()
    {
        await using var server = await TestServer.StartAsync(Config);
        await using (var client = await RawPop3Client.ConnectAsync(server.Pop3Port))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal("+OK", await client.CommandAsync("USER alice"));
                Assert.Equal("-ERR [AUTH] Authentication failed.", await client.CommandAsync("PASS guess" + i));
            }
            Assert.Equal(LockedOut, await client.CommandAsync("AUTH PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes("\0alice\0secret"))));
            Assert.True(await client.IsClosedByServerAsync());
        }
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Pop3TestMail.Outside);
        Assert.StartsWith("421 4.7.0 ", await smtp.CommandAsync(SmtpPlain("secret")));
    }

    [Fact]
    public async Task Each_failure_waits_smtpd_auth_failure_delay()
    {
        await using var server = await TestServer.StartAsync("smtpd_tls_auth_only = no\nsmtpd_auth_failure_delay = 1s");
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port);
        Assert.Equal("+OK", await client.CommandAsync("USER alice"));
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("-ERR [AUTH] Authentication failed.", await client.CommandAsync("PASS wrong"));
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(900), $"failure answered after {started.Elapsed}");
    }
}
