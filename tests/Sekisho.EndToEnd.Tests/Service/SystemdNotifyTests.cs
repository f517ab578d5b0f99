using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Sekisho.EndToEnd.Tests.Cli;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Service;

/// <summary>
/// <c>sekisho serve</c> under a service manager that speaks sd_notify (systemd's Type=notify), played by the test:
/// NOTIFY_SOCKET names a Unix datagram socket the test bound.
/// </summary>
public sealed partial class SystemdNotifyTests
{
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z \S+ sekisho/[a-z-]+\[\d+\]: ")]
    private static partial Regex MailLogLine();

    [Theory]
    [InlineData("TERM")] // systemd's stop
    [InlineData("INT")] // Ctrl-C: the systemd lifetime itself handles only SIGTERM
    public async Task Ready_comes_once_the_smtp_port_accepts_and_stopping_at_a_stop_signal(string signal)
    {
        using var dir = new TempDirectory();
        var port = FreePort.Next();
        var config = dir.Write("sekisho.conf", TestServer.BaseConfig(port, FreePort.Next(), ""));
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(dir["notify.sock"]));

        await using var server = SekishoProcess.Start(dir.Path, ["serve", "--config", config],
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = dir["notify.sock"] });
        Assert.Equal("READY=1", await ReceiveAsync(notify, server));

        // READY=1 means every port is bound and the server runs: one connection, no retry, gets the greeting.
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(port))
        {
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        await server.WaitForOutputAsync("daemon started");

        Assert.True(await server.TerminateAsync(timeoutSeconds: 10, signal), $"no exit within 10 s of SIG{signal}:\n" + server.AllOutput);
        Assert.Equal("STOPPING=1", await ReceiveAsync(notify, server));
        Assert.Equal(0, server.ExitCode);
        Assert.Contains(server.Output, line => line.EndsWith(": daemon stopped", StringComparison.Ordinal));
        // Our mail log is the only logger: no journald-formatted console lines, no host status messages.
        Assert.All(server.Output, line => Assert.Matches(MailLogLine(), line));
    }

    [Fact]
    public async Task Without_notify_socket_nothing_changes()
    {
        using var dir = new TempDirectory();
        var port = FreePort.Next();
        var config = dir.Write("sekisho.conf", TestServer.BaseConfig(port, FreePort.Next(), ""));
        await using var server = await SekishoProcess.StartServeAsync(dir.Path, config, port);
        Assert.True(await server.TerminateAsync(timeoutSeconds: 10), server.AllOutput);
        Assert.Equal(0, server.ExitCode);
        Assert.All(server.Output, line => Assert.Matches(MailLogLine(), line));
    }

    private static async Task<string> ReceiveAsync(Socket notify, SekishoProcess server)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var length = await notify.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("no notification within 30 s:\n" + server.AllOutput);
        }
    }
}
