using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sekisho.Delivery.Smtp;
using Sekisho.Queue;

namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>Delivery to Postfix's own test server, smtp-sink(1), on loopback: its dump shows what a Postfix peer received.</summary>
public sealed class SmtpSinkTests : IDisposable
{
    private const string SmtpSink = "/usr/sbin/smtp-sink";
    private readonly string _dumps = Path.Combine(Path.GetTempPath(), "sekisho-sink-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly SpoolHarness _spool = new();

    public void Dispose()
    {
        _spool.Dispose();
        try
        {
            Directory.Delete(_dumps, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Smtp_sink_receives_the_message_unstuffed_and_unchanged()
    {
        Assert.True(File.Exists(SmtpSink), $"{SmtpSink} is missing: install the postfix package (./scripts/test.sh does)");
        Directory.CreateDirectory(_dumps);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_dumps, (UnixFileMode)0b111_111_111);
        }
        var port = FreePort();
        var start = new ProcessStartInfo(SmtpSink) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        if (Environment.IsPrivilegedProcess)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("nobody");
        }
        foreach (var argument in (string[])["-t", "10", "-d", Path.Combine(_dumps, "%M."), $"127.0.0.7:{port}", "10"])
        {
            start.ArgumentList.Add(argument);
        }
        using var sink = Process.Start(start)!;
        try
        {
            await WaitForListenerAsync(port);
            var content = Encoding.ASCII.GetBytes("From: alice@here.test\r\nSubject: sink\r\n\r\n.leading dot\r\n..two\r\nbare\nlf\r\n");
            var options = new SmtpTransportOptions { HeloName = "me.test", RelayHost = $"[127.0.0.7]:{port}" };
            var results = await _spool.DeliverAsync(new SmtpTransport(options), content, "alice@here.test", ["bob@example.test", "carol@example.test"]);
            Assert.All(results, r => Assert.Equal(RecipientStatus.Sent, r.Status));
            Assert.All(results, r => Assert.Equal($"127.0.0.7[127.0.0.7]:{port}", r.Relay));
            var dump = await ReadDumpAsync();
            Assert.Contains("X-Helo-Args: me.test\n", dump);
            Assert.Contains("X-Mail-Args: <alice@here.test>\n", dump);
            Assert.Contains("X-Rcpt-Args: <bob@example.test>\nX-Rcpt-Args: <carol@example.test>\n", dump);
            // smtp-sink writes LF line endings and adds its own Received: header before the message.
            var message = dump[(dump.IndexOf("From: alice", StringComparison.Ordinal))..];
            Assert.Equal("From: alice@here.test\nSubject: sink\n\n.leading dot\n..two\nbare\nlf\n", message.TrimEnd('\n') + "\n");
        }
        finally
        {
            sink.Kill();
            await sink.WaitForExitAsync();
        }
    }

    private async Task<string> ReadDumpAsync()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (Directory.GetFiles(_dumps).FirstOrDefault() is { } file && new FileInfo(file).Length > 0)
            {
                await Task.Delay(100);
                return await File.ReadAllTextAsync(file);
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("smtp-sink wrote no dump");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Parse("127.0.0.7"), 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task WaitForListenerAsync(int port)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Parse("127.0.0.7"), port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException("smtp-sink did not start");
    }
}
