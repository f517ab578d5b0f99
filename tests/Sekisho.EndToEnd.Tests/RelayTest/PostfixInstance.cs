using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.RelayTest;

/// <summary>
/// A private Postfix instance on a free loopback port, as docs/testing-peers describes: its own folder with
/// <c>etc/main.cf</c>, <c>etc/master.cf</c>, <c>spool/</c> and <c>data/</c>, started with
/// <c>postfix -c DIR/etc start</c> and stopped (folder deleted) on dispose. Its greeting name is
/// <c>mx.postfix.test</c>; the relay restrictions are Postfix's defaults.
/// </summary>
public sealed partial class PostfixInstance : IAsyncDisposable
{
    /// <summary>The program scripts/test.sh installs with the postfix package.</summary>
    public const string Program = "/usr/sbin/postfix";

    private bool _started;

    private PostfixInstance(string root, int port)
    {
        Root = root;
        Port = port;
    }

    /// <summary>The instance's folder.</summary>
    public string Root { get; }

    /// <summary>The SMTP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The folder given to <c>postfix -c</c>.</summary>
    public string ConfigDirectory => Path.Combine(Root, "etc");

    /// <summary>The instance's mail log (there is no syslog daemon).</summary>
    public string MailLog => Path.Combine(Root, "maillog");

    /// <summary>Creates and starts an instance; fails the test (not skips it) when Postfix is not installed.</summary>
    /// <param name="mynetworks">The clients it relays for, e.g. <c>127.0.0.1/32</c>.</param>
    public static async Task<PostfixInstance> StartAsync(string mynetworks)
    {
        Assert.True(File.Exists(Program), $"Postfix is not installed ({Program} is missing): scripts/test.sh installs the postfix package");
        var root = Path.Combine(Path.GetTempPath(), "sekisho-postfix-" + Guid.NewGuid().ToString("N")[..12]);
        var instance = new PostfixInstance(root, FreePort.Next());
        try
        {
            foreach (var folder in new[] { "etc", "spool", "data" })
            {
                Directory.CreateDirectory(Path.Combine(root, folder));
            }
            await File.WriteAllTextAsync(Path.Combine(instance.ConfigDirectory, "main.cf"), instance.MainCf(mynetworks));
            await File.WriteAllTextAsync(Path.Combine(instance.ConfigDirectory, "master.cf"), MasterCf(await File.ReadAllTextAsync("/etc/postfix/master.cf"), instance.Port));
            await MustRunAsync("chown", "postfix", Path.Combine(root, "data"));
            await MustRunAsync(Program, "-c", instance.ConfigDirectory, "set-permissions");
            await MustRunAsync(Program, "-c", instance.ConfigDirectory, "start");
            instance._started = true;
            await instance.WaitForPortAsync();
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    private string MainCf(string mynetworks) => $"""
        config_directory = {ConfigDirectory}
        queue_directory = {Root}/spool
        data_directory = {Root}/data
        command_directory = /usr/sbin
        daemon_directory = /usr/lib/postfix/sbin
        meta_directory = /etc/postfix
        shlib_directory = /usr/lib/postfix
        mail_owner = postfix
        setgid_group = postdrop
        inet_interfaces = loopback-only
        inet_protocols = ipv4
        smtp_dns_support_level = disabled
        compatibility_level = 3.6
        maillog_file = {MailLog}
        maillog_file_prefixes = /var, /dev/stdout, {Root}
        myhostname = mx.postfix.test
        mydestination = $myhostname, localhost
        mynetworks = {mynetworks}

        """;

    /// <summary>Debian's master.cf with smtpd on 127.0.0.1:PORT and no service chrooted (column 5 = n).</summary>
    private static string MasterCf(string debian, int port)
    {
        var lines = debian.Split('\n').Select(line =>
        {
            if (line.Length == 0 || line[0] is '#' or ' ' or '\t')
            {
                return line;
            }
            var fields = Whitespace().Split(line.Trim());
            if (fields.Length < 8)
            {
                return line;
            }
            if (fields[0] == "smtp" && fields[1] == "inet")
            {
                fields[0] = $"127.0.0.1:{port}";
            }
            fields[4] = "n";
            return string.Join(' ', fields);
        });
        return string.Join('\n', lines);
    }

    private async Task WaitForPortAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        Assert.Fail($"Postfix did not listen on 127.0.0.1:{Port}; its log:\n{(File.Exists(MailLog) ? File.ReadAllText(MailLog) : "(none)")}");
    }

    private static async Task MustRunAsync(string file, params string[] args)
    {
        var (exitCode, output) = await RunAsync(file, args);
        Assert.True(exitCode == 0, $"{file} {string.Join(' ', args)} exited {exitCode}: {output}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stderr + await stdout);
    }

    /// <summary><c>postfix -c DIR/etc stop</c>, a wait until the port is closed, and the folder deleted.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await RunAsync(Program, "-c", ConfigDirectory, "stop");
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (DateTime.UtcNow < deadline && IsListening())
            {
                await Task.Delay(50);
            }
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
    }

    private bool IsListening()
    {
        try
        {
            using var probe = new TcpClient();
            probe.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
