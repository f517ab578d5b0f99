using System.Diagnostics;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary><c>smtpd_soft_error_limit</c>: past it, every error reply waits <c>smtpd_error_sleep_time</c> (a prober slows down).</summary>
public sealed class TarpitTests
{
    [Fact]
    public async Task Error_replies_past_the_soft_limit_are_delayed_and_good_replies_are_not()
    {
        await using var server = await TestServer.StartAsync("""
            smtpd_soft_error_limit = 2
            smtpd_error_sleep_time = 1s
            smtpd_hard_error_limit = 10
            """);
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.2");
        var clock = Stopwatch.StartNew();
        Assert.Equal("500 5.5.2 Error: command not recognized", await client.CommandAsync("FOO"));
        Assert.Equal("500 5.5.2 Error: command not recognized", await client.CommandAsync("FOO"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(0.8), $"errors within the soft limit took {clock.Elapsed}");

        clock.Restart();
        Assert.Equal("500 5.5.2 Error: command not recognized", await client.CommandAsync("FOO"));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"the third error came after {clock.Elapsed}");

        clock.Restart();
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(0.8), $"a good reply was delayed {clock.Elapsed}");
    }

    [Fact]
    public async Task Excess_recipients_within_the_overshoot_limit_are_not_errors()
    {
        await using var server = await TestServer.StartAsync("""
            smtpd_recipient_limit = 1
            smtpd_recipient_overshoot_limit = 2
            smtpd_hard_error_limit = 3
            """);
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<list@example.org>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
        Assert.Equal("452 4.5.3 Error: too many recipients", await client.CommandAsync("RCPT TO:<bob@example.test>"));
        Assert.Equal("452 4.5.3 Error: too many recipients", await client.CommandAsync("RCPT TO:<bob@example.test>"));
        // Past the overshoot limit each one counts: errors 1, 2, and the 3rd hits the hard limit.
        Assert.Equal("452 4.5.3 Error: too many recipients", await client.CommandAsync("RCPT TO:<bob@example.test>"));
        Assert.Equal("452 4.5.3 Error: too many recipients", await client.CommandAsync("RCPT TO:<bob@example.test>"));
        Assert.Equal("452 4.5.3 Error: too many recipients\n421 4.7.0 mx.example.test Error: too many errors",
            await client.CommandAsync("RCPT TO:<bob@example.test>") + "\n" + await client.ReadReplyAsync());
        Assert.True(await client.IsClosedByServerAsync());
        server.AssertNothingQueuedOrDelivered();
    }
}
