using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Cli;

/// <summary><c>sekisho serve</c> as a process: works out of the box with no configuration, and stops gracefully on SIGTERM.</summary>
public sealed class ServeCommandTests
{
    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public async Task With_no_configuration_it_serves_loopback_2525_with_a_self_signed_certificate()
    {
        if (!IsFree(2525) || !IsFree(2587))
        {
            return; // the embedded default's ports are taken on this machine: nothing to learn here
        }
        using var dir = new TempDirectory();
        await using var serve = await SekishoProcess.StartServeAsync(dir.Path, configPath: null, 2525);

        Assert.True(Directory.Exists(dir["sekisho-data/queue"]), serve.AllOutput);
        var certFile = dir["sekisho-data/tls/selfsigned-cert.pem"];
        var keyFile = dir["sekisho-data/tls/selfsigned-key.pem"];
        Assert.True(File.Exists(certFile) && File.Exists(keyFile), serve.AllOutput);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        await using (var client = await RawSmtpClient.ConnectAsync(2525))
        {
            Assert.StartsWith("220 ", await client.ReadReplyAsync());
            var ehlo = (await client.CommandAsync("EHLO client.example")).Split('\n');
            Assert.Contains("250-STARTTLS", ehlo);
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }

        string? presented = null;
        using (var smtp = new SmtpClient())
        {
            smtp.ServerCertificateValidationCallback = (_, certificate, _, _) =>
            {
                presented = certificate?.GetCertHashString();
                return true;
            };
            await smtp.ConnectAsync("127.0.0.1", 2525, SecureSocketOptions.StartTls);
            Assert.True(smtp.IsSecure);
            await smtp.DisconnectAsync(true);
        }
        using var onDisk = X509Certificate2.CreateFromPem(File.ReadAllText(certFile));
        Assert.Equal(onDisk.Thumbprint, presented); // STARTTLS uses the certificate it made

        var stopwatch = Stopwatch.StartNew();
        Assert.True(await serve.TerminateAsync(timeoutSeconds: 10), "no exit within 10 s of SIGTERM:\n" + serve.AllOutput);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed} to stop");
        Assert.Equal(0, serve.ExitCode);
        Assert.Contains(serve.Output, line => line.Contains("daemon started", StringComparison.Ordinal) && line.EndsWith("configuration (embedded default)", StringComparison.Ordinal));
        Assert.Contains(serve.Output, line => line.EndsWith(": daemon stopped", StringComparison.Ordinal));
        Assert.True(IsFree(2525), "port 2525 still bound after the exit");
    }

    [Fact]
    public async Task A_busy_port_is_fatal_with_exit_71_and_named_in_the_message()
    {
        using var dir = new TempDirectory();
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var config = dir.Write("sekisho.conf", TestServer.BaseConfig(port, FreePort.Next(), ""));

        var (exitCode, _, stderr) = await SekishoProcess.RunAsync(dir.Path, null, "serve", "--config", config);

        Assert.Equal(71, exitCode);
        Assert.Matches($@"sekisho: fatal: .*127\.0\.0\.1.*{port}.*Address already in use", stderr);
    }

    [Fact]
    public async Task Sigterm_tells_an_idle_client_421_and_exits_0()
    {
        using var dir = new TempDirectory();
        var port = FreePort.Next();
        var config = dir.Write("sekisho.conf", TestServer.BaseConfig(port, FreePort.Next(), ""));
        await using var server = await SekishoProcess.StartServeAsync(dir.Path, config, port);
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(port);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<idle@client.example>"));

        var reply = client.ReadReplyAsync(timeoutSeconds: 10);
        var stopwatch = Stopwatch.StartNew();
        var exited = await server.TerminateAsync(timeoutSeconds: 10);

        Assert.Equal("421 4.3.2 mx.example.test Service shutting down, closing transmission channel", await reply);
        Assert.True(await client.IsClosedByServerAsync());
        Assert.True(exited, "no exit within 10 s of SIGTERM:\n" + string.Join("\n", server.Output));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"an idle client held up the stop for {stopwatch.Elapsed}");
        Assert.Equal(0, server.ExitCode);
        Assert.Contains(server.Output, line => line.EndsWith(": daemon stopped", StringComparison.Ordinal));
        // Nothing queued, no control socket left; only the owner lock file stays (unlocked), as Postfix leaves master.pid.
        Assert.Equal(["master.lock"], Directory.EnumerateFiles(dir["data/queue"], "*", SearchOption.AllDirectories).Select(Path.GetFileName));
    }
}
