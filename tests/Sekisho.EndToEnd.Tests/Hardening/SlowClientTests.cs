using System.Diagnostics;
using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sekisho.EndToEnd.Tests.Hardening;

/// <summary>
/// Slow clients (slowloris): a client that is never idle for <c>smtpd_timeout</c> but dribbles a command, message
/// content or a TLS handshake is still cut off at a deadline, while another client is served meanwhile.
/// </summary>
public sealed class SlowClientTests(ITestOutputHelper output)
{
    private const string Attacker = "127.0.0.2";
    private const string Timeout = "421 4.4.2 mx.example.test Error: timeout exceeded";

    [Fact]
    public async Task A_client_dribbling_one_command_line_is_cut_off_at_the_command_deadline()
    {
        await using var server = await TestServer.StartAsync("smtpd_timeout = 2s");
        await using var attacker = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Attacker);
        using var stop = new CancellationTokenSource();
        var dribble = DribbleAsync(attacker, "NOOP", stop.Token);
        var clock = Stopwatch.StartNew();

        var latency = await LegitimateClient.SendAsync(server.SmtpPort);
        output.WriteLine($"legitimate client while {Attacker} dribbles a command: {latency.TotalMilliseconds:F0} ms");

        // The 421, or a reset that swallowed it (the dribbler was still sending when the server hung up).
        Assert.Contains(await attacker.ReadReplyOrResetAsync(timeoutSeconds: 10), new[] { Timeout, null });
        output.WriteLine($"dribbling client cut off after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(6));
        Assert.True(await attacker.IsClosedByServerAsync());
        await stop.CancelAsync();
        await dribble;
        Assert.Single(await server.WaitForMessagesAsync("alice", 1));
        Assert.Contains("smtpd: timeout after EHLO from unknown[127.0.0.2]", server.LogLines);
    }

    /// <summary>
    /// Content dribbled at 5 bytes a second: with the per-request deadline (the default) DATA and BDAT end at
    /// about <c>smtpd_timeout</c>; the half message is thrown away.
    /// </summary>
    [Theory]
    [InlineData("DATA", "354 End data with <CR><LF>.<CR><LF>")]
    [InlineData("BDAT 100000 LAST", null)]
    public async Task A_client_dribbling_message_content_is_cut_off_at_the_content_deadline(string command, string? intermediate)
    {
        await using var server = await TestServer.StartAsync("smtpd_timeout = 2s");
        await using var attacker = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Attacker);
        Assert.Equal("250 2.1.0 Ok", await attacker.CommandAsync("MAIL FROM:<slow@elsewhere.example>"));
        Assert.Equal("250 2.1.5 Ok", await attacker.CommandAsync("RCPT TO:<bob@example.test>"));
        if (intermediate is null)
        {
            await attacker.SendAsync(command + "\r\n");
        }
        else
        {
            Assert.Equal(intermediate, await attacker.CommandAsync(command));
        }
        using var stop = new CancellationTokenSource();
        var dribble = DribbleAsync(attacker, "Subject: slow\r\n\r\n", stop.Token);
        var clock = Stopwatch.StartNew();

        var latency = await LegitimateClient.SendAsync(server.SmtpPort);
        output.WriteLine($"legitimate client while {Attacker} dribbles content: {latency.TotalMilliseconds:F0} ms");

        // The 421, or a reset that swallowed it (the dribbler was still sending when the server hung up).
        Assert.Contains(await attacker.ReadReplyOrResetAsync(timeoutSeconds: 10), new[] { Timeout, null });
        output.WriteLine($"dribbling client cut off after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(6));
        await stop.CancelAsync();
        await dribble;
        Assert.Single(await server.WaitForMessagesAsync("alice", 1));
        Assert.Empty(server.MessagesOf("bob"));
        Assert.Equal(0, server.QueuedCount());
        var verb = command.Split(' ')[0];
        Assert.Contains(server.LogLines, line => line.StartsWith($"smtpd: NOQUEUE: reject: {verb} from unknown[127.0.0.2]: 421 4.4.2 ", StringComparison.Ordinal));
    }

    /// <summary>With <c>smtpd_per_request_deadline = no</c> (Postfix's default) only idle time counts: the same dribble is not cut off.</summary>
    [Fact]
    public async Task Without_the_per_request_deadline_only_idle_time_counts()
    {
        await using var server = await TestServer.StartAsync("smtpd_timeout = 2s\nsmtpd_per_request_deadline = no");
        await using var attacker = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Attacker);
        Assert.Equal("250 2.1.0 Ok", await attacker.CommandAsync("MAIL FROM:<slow@elsewhere.example>"));
        Assert.Equal("250 2.1.5 Ok", await attacker.CommandAsync("RCPT TO:<bob@example.test>"));
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await attacker.CommandAsync("DATA"));
        using var stop = new CancellationTokenSource();
        var dribble = DribbleAsync(attacker, "Subject: slow\r\n\r\n", stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(4));
        await stop.CancelAsync();
        await dribble;
        Assert.StartsWith("250 2.0.0 Ok: queued as ", await attacker.CommandAsync("\r\n."));
        Assert.Single(await server.WaitForMessagesAsync("bob", 1));
    }

    /// <summary>
    /// <c>smtpd_starttls_timeout</c>: a client that says STARTTLS and then never completes the handshake (silent,
    /// or a ClientHello record that never arrives whole) is dropped.
    /// </summary>
    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00 })]
    public async Task A_tls_handshake_that_never_finishes_is_cut_off(byte[] partialHandshake)
    {
        await using var server = await TestServer.StartAsync("smtpd_starttls_timeout = 2s");
        await using var attacker = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Attacker);
        Assert.Equal("220 2.0.0 Ready to start TLS", await attacker.CommandAsync("STARTTLS"));
        await attacker.SendAsync(partialHandshake);
        var clock = Stopwatch.StartNew();

        var latency = await LegitimateClient.SendAsync(server.SmtpPort);
        output.WriteLine($"legitimate client while {Attacker} stalls a TLS handshake: {latency.TotalMilliseconds:F0} ms");

        Assert.True(await attacker.IsClosedByServerAsync(timeoutSeconds: 10));
        output.WriteLine($"stalled handshake cut off after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(6));
        Assert.Single(await server.WaitForMessagesAsync("alice", 1));
        Assert.Contains(server.LogLines, line => line.StartsWith("smtpd: TLS handshake failed from unknown[127.0.0.2]", StringComparison.Ordinal));
    }

    /// <summary>Sends <paramref name="start"/> then one byte every 200 ms until stopped or the server hangs up.</summary>
    private static async Task DribbleAsync(RawSmtpClient client, string start, CancellationToken stop)
    {
        try
        {
            foreach (var b in Encoding.ASCII.GetBytes(start))
            {
                await client.SendAsync([b]);
                await Task.Delay(200, stop);
            }
            while (true)
            {
                await client.SendAsync("x"u8.ToArray());
                await Task.Delay(200, stop);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
