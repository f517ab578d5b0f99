using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Auth;

/// <summary>Failed logins are counted per client address across connections; past the limit that address is shut out, others are not.</summary>
public sealed class BruteForceTests
{
    private const string Config = AuthConfig.AllMechanismsWithoutTls + "\nsmtpd_auth_failure_limit = 3\nsmtpd_auth_penalty_time = 60s";

    private static string Plain(string user, string password) => "AUTH PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));

    [Fact]
    public async Task After_the_limit_the_address_gets_421_and_the_connection_closes_while_another_address_still_logs_in()
    {
        await using var server = await TestServer.StartAsync(Config);
        for (var i = 0; i < 3; i++)
        {
            await using var attacker = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.2");
            Assert.Equal("535 5.7.8 Error: authentication failed: authentication failure", await attacker.CommandAsync(Plain("alice", "guess" + i)));
        }
        await using (var attacker = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.2"))
        {
            Assert.Equal("421 4.7.0 Error: too many authentication failures, try again later", await attacker.CommandAsync(Plain("alice", "secret")));
            Assert.True(await attacker.IsClosedByServerAsync());
        }
        await using (var other = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.3"))
        {
            Assert.Equal("235 2.7.0 Authentication successful", await other.CommandAsync(Plain("alice", "secret")));
        }
        Assert.Contains(server.LogLines, line => line.Contains("unknown[127.0.0.2]: too many authentication failures: AUTH refused until "));
    }

    [Fact]
    public async Task Failures_are_logged_with_the_name_tried_and_counted_per_account_across_addresses()
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls + "\nsmtpd_auth_failure_limit = 2");
        foreach (var address in new[] { "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5" })
        {
            await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, address);
            Assert.StartsWith("535 ", await client.CommandAsync(Plain("alice", "guess")));
        }
        Assert.Contains(server.LogLines, line => line.Contains("unknown[127.0.0.2]: SASL PLAIN authentication failed: authentication failure, sasl_username=alice"));
        Assert.Contains(server.LogLines, line => line.Contains("sasl_username=alice: 4 failed logins within 00:10:00 (from any address)"));
    }

    [Fact]
    public async Task Each_failure_is_delayed()
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls + "\nsmtpd_auth_failure_delay = 1s");
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.2");
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.StartsWith("535 ", await client.CommandAsync(Plain("alice", "wrong")));
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(900), $"failure answered after {started.Elapsed}");
    }
}
