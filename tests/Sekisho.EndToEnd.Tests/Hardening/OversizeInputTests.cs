using System.Text;
using Sekisho.EndToEnd.Tests.Auth;
using Sekisho.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sekisho.EndToEnd.Tests.Hardening;

/// <summary>
/// Input that never ends or is far too large: an endless DATA stream, a huge BDAT size, thousands of recipients,
/// giant AUTH payloads. Each gets a clear reply, nothing is queued, memory is not spent on it, and another client
/// is served meanwhile.
/// </summary>
public sealed class OversizeInputTests(ITestOutputHelper output)
{
    private const string Attacker = "127.0.0.2";

    /// <summary>
    /// Past <c>message_size_limit</c> content is read and dropped (so a client that ignored SIZE gets 552 in step),
    /// but once it passes four times the limit the server answers 552 and hangs up instead of reading without end.
    /// </summary>
    [Fact]
    public async Task An_endless_data_stream_gets_552_and_the_connection_is_closed()
    {
        await using var server = await TestServer.StartAsync("message_size_limit = 100000");
        await using var attacker = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Attacker);
        Assert.Equal("250 2.1.0 Ok", await attacker.CommandAsync("MAIL FROM:<flood@elsewhere.example>"));
        Assert.Equal("250 2.1.5 Ok", await attacker.CommandAsync("RCPT TO:<bob@example.test>"));
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await attacker.CommandAsync("DATA"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var sent = 0L;
        var flood = Task.Run(async () =>
        {
            var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(new string('x', 78) + "\r\n", 800)));
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await attacker.SendAsync(chunk);
                    Interlocked.Add(ref sent, chunk.Length);
                }
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException)
            {
            }
        });

        var latency = await LegitimateClient.SendAsync(server.SmtpPort);
        output.WriteLine($"legitimate client during an endless DATA: {latency.TotalMilliseconds:F0} ms");

        // The 552, or a reset that swallowed it (the flood was still coming when the server hung up); the log says which.
        Assert.Contains(await attacker.ReadReplyOrResetAsync(timeoutSeconds: 20), new[] { "552 5.3.4 Error: message file too big", null });
        Assert.True(await attacker.IsClosedByServerAsync());
        await stop.CancelAsync();
        await flood;
        output.WriteLine($"the flood sent {Interlocked.Read(ref sent):N0} bytes before the server hung up");
        Assert.Single(await server.WaitForMessagesAsync("alice", 1));
        Assert.Empty(server.MessagesOf("bob"));
        Assert.Equal(0, server.QueuedCount());
        Assert.Contains(server.LogLines, line => line.Contains("message content over four times message_size_limit", StringComparison.Ordinal));
    }

    /// <summary>A BDAT chunk larger than <c>message_size_limit</c> is refused without reading it (there is no point: it can never fit).</summary>
    [Theory]
    [InlineData("BDAT 999999999999999999 LAST")]
    [InlineData("BDAT 100001")]
    public async Task A_bdat_chunk_over_the_size_limit_gets_552_and_is_not_read(string command)
    {
        await using var server = await TestServer.StartAsync("message_size_limit = 100000");
        await using var attacker = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Attacker);
        Assert.Equal("250 2.1.0 Ok", await attacker.CommandAsync("MAIL FROM:<flood@elsewhere.example>"));
        Assert.Equal("250 2.1.5 Ok", await attacker.CommandAsync("RCPT TO:<bob@example.test>"));
        Assert.Equal("552 5.3.4 Error: message file too big", await attacker.CommandAsync(command));
        Assert.True(await attacker.IsClosedByServerAsync());

        var latency = await LegitimateClient.SendAsync(server.SmtpPort);
        output.WriteLine($"legitimate client after a huge BDAT: {latency.TotalMilliseconds:F0} ms");
        Assert.Single(await server.WaitForMessagesAsync("alice", 1));
        Assert.Empty(server.MessagesOf("bob"));
        Assert.Equal(0, server.QueuedCount());
    }

    /// <summary>
    /// 2,020 pipelined RCPTs with the defaults: 1,000 accepted (<c>smtpd_recipient_limit</c>), 1,000 more told 452
    /// without counting as errors (<c>smtpd_recipient_overshoot_limit</c>), then 452s that are errors until
    /// <c>smtpd_hard_error_limit</c> (20) ends the session with 421.
    /// </summary>
    [Fact]
    public async Task Thousands_of_recipients_are_cut_off_at_the_limits()
    {
        await using var server = await TestServer.StartAsync("smtpd_error_sleep_time = 0");
        await using var attacker = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Attacker);
        var pipeline = new StringBuilder("MAIL FROM:<list@elsewhere.example>\r\n");
        for (var i = 0; i < 2020; i++)
        {
            pipeline.Append("RCPT TO:<bob@example.test>\r\n");
        }
        await attacker.SendAsync(pipeline.ToString());
        var latency = await LegitimateClient.SendAsync(server.SmtpPort);
        output.WriteLine($"legitimate client during a 2,020-recipient flood: {latency.TotalMilliseconds:F0} ms");

        Assert.Equal("250 2.1.0 Ok", await attacker.ReadReplyAsync());
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal("250 2.1.5 Ok", await attacker.ReadReplyAsync());
        }
        for (var i = 0; i < 1020; i++)
        {
            Assert.Equal("452 4.5.3 Error: too many recipients", await attacker.ReadReplyAsync());
        }
        Assert.Equal("421 4.7.0 mx.example.test Error: too many errors", await attacker.ReadReplyAsync());
        Assert.True(await attacker.IsClosedByServerAsync());
        Assert.Single(await server.WaitForMessagesAsync("alice", 1));
        Assert.Empty(server.MessagesOf("bob"));
        Assert.Equal(0, server.QueuedCount());
    }

    /// <summary>Giant AUTH payloads: on the command line they hit <c>line_length_limit</c>, as a response line the SASL limit.</summary>
    [Fact]
    public async Task Giant_auth_payloads_are_refused_and_the_session_goes_on()
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls);
        await using var attacker = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Attacker);
        var giant = Convert.ToBase64String(new byte[300_000]);

        Assert.Equal("500 5.5.2 Error: line too long", await attacker.CommandAsync("AUTH PLAIN " + giant));
        Assert.Equal("334 VXNlcm5hbWU6", await attacker.CommandAsync("AUTH LOGIN"));
        Assert.Equal("501 5.5.2 Cannot decode response", await attacker.CommandAsync(giant));
        Assert.Equal("334 ", await attacker.CommandAsync("AUTH PLAIN"));
        Assert.Equal("501 5.5.2 Cannot decode response", await attacker.CommandAsync(giant));

        var latency = await LegitimateClient.SendAsync(server.SmtpPort);
        output.WriteLine($"legitimate client after giant AUTH payloads: {latency.TotalMilliseconds:F0} ms");
        Assert.Equal("250 2.0.0 Ok", await attacker.CommandAsync("NOOP"));
        Assert.Equal("250 2.1.0 Ok", await attacker.CommandAsync("MAIL FROM:<alice@example.test>"));
        Assert.Equal("554 5.7.1 <friend@outside.example>: Relay access denied", await attacker.CommandAsync("RCPT TO:<friend@outside.example>"));
        Assert.Single(await server.WaitForMessagesAsync("alice", 1));
        Assert.Equal(0, server.QueuedCount());
    }
}
