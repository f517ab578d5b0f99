using Sekisho.EndToEnd.Tests.Cli;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Cluster;

/// <summary>
/// Two <c>sekisho serve</c> processes with their own data directories and ports, sharing one real Redis: a POP3
/// login on node A lets the client relay through node B; with Redis stopped, B defers relaying (4xx) and never
/// permits it, and a POP3 login still works.
/// </summary>
public sealed class TwoNodeTests
{
    private const string Outside = "127.0.0.2";

    private static string Config(TempDirectory dir, string node, int smtpPort, int pop3Port, string redisUrl) => dir.Write($"{node}.cf", $"""
        myhostname = {node}.example.test
        mydestination = example.test
        mynetworks = 127.0.0.1/32
        data_directory = {node}-data
        smtp_listen = 127.0.0.1:{smtpPort}
        submission_listen =
        pop3_listen = 127.0.0.1:{pop3Port}
        smtpd_tls_auth_only = no
        alias_maps =
        alias_database =
        redis_url = {redisUrl}
        """);

    private static async Task<string> RelayAsync(int port)
    {
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(port, Outside);
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<alice@example.test>"));
        return await smtp.CommandAsync("RCPT TO:<friend@outside.example>");
    }

    [Fact]
    public async Task A_pop3_login_on_one_node_lets_the_client_relay_through_the_other()
    {
        using var dir = new TempDirectory();
        var redis = await RedisInstance.StartAsync();
        var (portA, portB, popA) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var configA = Config(dir, "mx1", portA, popA, redis.Url());
        var configB = Config(dir, "mx2", portB, FreePort.Next(), redis.Url());
        var (exit, _, stderr) = await SekishoProcess.RunAsync(dir.Path, "secret\n", "user", "add", "alice", "--password-stdin", "--config", configA);
        Assert.True(exit == 0, stderr);
        await using var nodeA = await SekishoProcess.StartServeAsync(dir.Path, configA, portA);
        await using var nodeB = await SekishoProcess.StartServeAsync(dir.Path, configB, portB);

        Assert.Equal("554 5.7.1 <friend@outside.example>: Relay access denied", await RelayAsync(portB));
        await using (var pop = await RawPop3Client.LoginAsync(popA, "alice", "secret", Outside))
        {
            Assert.Equal("+OK Logging out.", await pop.CommandAsync("QUIT"));
        }
        Assert.Equal("250 2.1.5 Ok", await RelayAsync(portB));
        Assert.Equal("250 2.1.5 Ok", await RelayAsync(portA));

        await redis.DisposeAsync();
        Assert.StartsWith("451 4.3.0 ", await RelayAsync(portB));
        await using (var pop = await RawPop3Client.LoginAsync(popA, "alice", "secret", Outside))
        {
            Assert.StartsWith("+OK", await pop.CommandAsync("STAT")); // reading mail does not need the store
        }
        Assert.False(File.Exists(dir["mx2-data/relay-auth.db"]), "node B must not fall back to a local store");
    }
}
