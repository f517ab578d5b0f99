using System.Diagnostics;
using System.Net.Sockets;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Outbound;

/// <summary>
/// The "mail relay server" setup: a trusted client's mail for the Internet goes to <c>relayhost = [host]:port</c>,
/// here Postfix's own <c>smtp-sink</c> on loopback, which dumps what it received; headers and body arrive intact.
/// </summary>
public sealed class RelayhostTests : IDisposable
{
    private const string SmtpSink = "/usr/sbin/smtp-sink";
    private readonly string _dumps = Path.Combine(Path.GetTempPath(), "sekisho-relayhost-" + Guid.NewGuid().ToString("N")[..10]);

    public void Dispose()
    {
        if (Directory.Exists(_dumps))
        {
            Directory.Delete(_dumps, recursive: true);
        }
    }

    [Fact]
    public async Task A_trusted_clients_mail_goes_out_through_the_relayhost_unchanged()
    {
        Assert.True(File.Exists(SmtpSink), $"{SmtpSink} is missing: install the postfix package (./scripts/test.sh does)");
        Directory.CreateDirectory(_dumps);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_dumps, (UnixFileMode)0b111_111_111);
        }
        var sinkPort = FreePort.Next();
        using var sink = StartSink(sinkPort);
        try
        {
            await WaitForPortAsync(sinkPort);
            await using var server = await TestServer.StartAsync($"relayhost = [127.0.0.1]:{sinkPort}\nsmtp_tls_security_level = none");
            await using (var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.1"))
            {
                Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<alice@example.test>"));
                Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<friend@outside.example>"));
                Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await smtp.CommandAsync("DATA"));
                Assert.StartsWith("250 2.0.0 Ok: queued as ", await smtp.CommandAsync("From: alice@example.test\r\nSubject: out\r\n\r\n..a line with a dot\r\nbody\r\n."));
            }
            var dump = await ReadDumpAsync();
            Assert.Contains("X-Mail-Args: <alice@example.test>", dump);
            Assert.Contains("X-Rcpt-Args: <friend@outside.example>", dump);
            Assert.Contains("by mx.example.test (Sekisho) with ESMTP id ", dump);
            Assert.EndsWith("From: alice@example.test\nSubject: out\n\n.a line with a dot\nbody\n", dump.TrimEnd('\n') + "\n");
            await WaitForAsync(() => server.LogLines.Any(line => line.Contains($"to=<friend@outside.example>, relay=127.0.0.1[127.0.0.1]:{sinkPort}, ") && line.Contains("status=sent")));
            Assert.Equal(0, server.QueuedCount());
        }
        finally
        {
            sink.Kill();
            await sink.WaitForExitAsync();
        }
    }

    private Process StartSink(int port)
    {
        var start = new ProcessStartInfo(SmtpSink) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        if (Environment.IsPrivilegedProcess)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("nobody");
        }
        foreach (var argument in (string[])["-t", "10", "-d", Path.Combine(_dumps, "%M."), $"127.0.0.1:{port}", "10"])
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }

    private async Task<string> ReadDumpAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.GetFiles(_dumps).FirstOrDefault() is { } file && new FileInfo(file).Length > 0)
            {
                await Task.Delay(100);
                return await File.ReadAllTextAsync(file);
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("smtp-sink wrote no dump");
    }

    private static async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }
        Assert.True(condition(), "timed out");
    }
}
