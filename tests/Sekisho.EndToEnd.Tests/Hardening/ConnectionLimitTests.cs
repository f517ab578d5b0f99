using Sekisho.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sekisho.EndToEnd.Tests.Hardening;

/// <summary>
/// Per-client connection limits (Postfix's anvil): one address holding or opening too many connections gets
/// <c>421 4.7.0 ... too many connections from ADDRESS</c>, while another client is served as usual and trusted
/// networks (<c>smtpd_client_event_limit_exceptions</c>, default <c>$mynetworks</c>) are never limited.
/// </summary>
public sealed class ConnectionLimitTests(ITestOutputHelper output)
{
    private const string Attacker = "127.0.0.2";
    private const string TooMany = "421 4.7.0 mx.example.test Error: too many connections from 127.0.0.2";

    [Fact]
    public async Task Connections_over_the_per_client_count_get_421_while_another_client_is_served()
    {
        await using var server = await TestServer.StartAsync("smtpd_client_connection_count_limit = 3");
        var held = new List<RawSmtpClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                held.Add(await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Attacker));
            }
            await using (var fourth = await RawSmtpClient.ConnectAsync(server.SmtpPort, Attacker))
            {
                Assert.Equal(TooMany, await fourth.ReadReplyAsync());
                Assert.True(await fourth.IsClosedByServerAsync());
            }

            var latency = await LegitimateClient.SendAsync(server.SmtpPort);
            output.WriteLine($"legitimate client while {Attacker} holds its 3 connections: {latency.TotalMilliseconds:F0} ms");
            Assert.Single(await server.WaitForMessagesAsync("alice", 1));
            Assert.Equal("250 2.0.0 Ok", await held[0].CommandAsync("NOOP")); // the admitted sessions are untouched

            Assert.Equal("221 2.0.0 Bye", await held[0].CommandAsync("QUIT"));
            Assert.True(await held[0].IsClosedByServerAsync());
            Assert.Equal("220 mx.example.test ESMTP Sekisho", await GreetingAfterSlotFreesAsync(server.SmtpPort));
        }
        finally
        {
            foreach (var client in held)
            {
                await client.DisposeAsync();
            }
        }
        Assert.Contains(server.LogLines, line => line == "smtpd: Connection concurrency limit exceeded: 4 from unknown[127.0.0.2] for service smtp");
    }

    [Fact]
    public async Task Clients_in_mynetworks_are_not_limited()
    {
        await using var server = await TestServer.StartAsync("smtpd_client_connection_count_limit = 2\nsmtpd_client_connection_rate_limit = 2");
        var clients = new List<RawSmtpClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                clients.Add(await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort)); // 127.0.0.1 = mynetworks
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
        Assert.DoesNotContain(server.LogLines, line => line.Contains("limit exceeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_over_the_connection_rate_gets_421_until_the_time_unit_has_passed()
    {
        await using var server = await TestServer.StartAsync("smtpd_client_connection_rate_limit = 3\nanvil_rate_time_unit = 2s");
        for (var i = 0; i < 3; i++)
        {
            await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Attacker);
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        for (var i = 0; i < 2; i++) // refused connections count too: hammering keeps the client refused
        {
            await using var refused = await RawSmtpClient.ConnectAsync(server.SmtpPort, Attacker);
            Assert.Equal(TooMany, await refused.ReadReplyAsync());
            Assert.True(await refused.IsClosedByServerAsync());
        }

        var latency = await LegitimateClient.SendAsync(server.SmtpPort);
        output.WriteLine($"legitimate client while {Attacker} is over its rate: {latency.TotalMilliseconds:F0} ms");
        Assert.Single(await server.WaitForMessagesAsync("alice", 1));

        await Task.Delay(TimeSpan.FromSeconds(2.2));
        await using (var again = await RawSmtpClient.ConnectAsync(server.SmtpPort, Attacker))
        {
            Assert.Equal("220 mx.example.test ESMTP Sekisho", await again.ReadReplyAsync());
        }
        Assert.Contains(server.LogLines, line => line == "smtpd: Connection rate limit exceeded: 4 from unknown[127.0.0.2] for service smtp");
        Assert.Contains(server.LogLines, line => line == "smtpd: Connection rate limit exceeded: 5 from unknown[127.0.0.2] for service smtp");
    }

    /// <summary>The greeting a new connection from the attacker gets once the server has counted a closed session out.</summary>
    private static async Task<string> GreetingAfterSlotFreesAsync(int port)
    {
        var greeting = "";
        for (var attempt = 0; attempt < 40; attempt++)
        {
            await using var next = await RawSmtpClient.ConnectAsync(port, Attacker);
            greeting = await next.ReadReplyAsync();
            if (greeting != TooMany)
            {
                return greeting;
            }
            await Task.Delay(25);
        }
        return greeting;
    }
}
