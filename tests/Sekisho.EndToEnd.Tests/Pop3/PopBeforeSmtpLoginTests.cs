using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Pop3;

/// <summary>
/// POP-before-SMTP end to end: a POP3 login from 127.0.0.2 lets that address relay over SMTP until
/// <c>pop_before_smtp_expire</c> runs out; a failed login does not.
/// </summary>
public sealed class PopBeforeSmtpLoginTests
{
    private const string Denied = "554 5.7.1 <friend@outside.example>: Relay access denied";

    private static async Task<string> RelayAsync(TestServer server)
    {
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Pop3TestMail.Outside);
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<alice@example.test>"));
        return await smtp.CommandAsync("RCPT TO:<friend@outside.example>");
    }

    [Fact]
    public async Task A_pop3_login_lets_the_address_relay_until_the_authorization_expires()
    {
        await using var server = await TestServer.StartAsync("pop_before_smtp_expire = 2s\nsmtpd_auth_failure_delay = 0");
        Assert.Equal(Denied, await RelayAsync(server));

        await using (var failed = await RawPop3Client.ConnectAsync(server.Pop3Port))
        {
            await failed.StlsAsync();
            Assert.Equal("+OK", await failed.CommandAsync("USER alice"));
            Assert.Equal("-ERR [AUTH] Authentication failed.", await failed.CommandAsync("PASS wrong"));
        }
        Assert.Equal(Denied, await RelayAsync(server));

        await using (var pop3 = await RawPop3Client.LoginAsync(server.Pop3Port))
        {
            Assert.Equal("+OK Logging out.", await pop3.CommandAsync("QUIT"));
        }
        var authorized = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("250 2.1.5 Ok", await RelayAsync(server));
        Assert.Contains(server.LogLines, l => l.StartsWith("pop-before-smtp: pop-before-smtp: 127.0.0.2 may relay until ", StringComparison.Ordinal)
            && l.EndsWith(" (POP3 login of alice)", StringComparison.Ordinal));

        var rest = TimeSpan.FromSeconds(2.2) - authorized.Elapsed;
        await Task.Delay(rest > TimeSpan.Zero ? rest : TimeSpan.Zero);
        Assert.Equal(Denied, await RelayAsync(server));
        Assert.Equal(0, server.QueuedCount());
    }
}
