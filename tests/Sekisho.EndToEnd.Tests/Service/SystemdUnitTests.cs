using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Sekisho.EndToEnd.Tests.Cli;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Service;

/// <summary>
/// <c>contrib/sekisho.service</c> as systemd reads it (<c>systemd-analyze verify</c>, and <c>security --offline</c> for
/// its hardening), and the settings the server depends on. Nothing is started: the test machine runs no systemd.
/// </summary>
public sealed partial class SystemdUnitTests
{
    private static readonly string UnitPath = Path.Combine(AppContext.BaseDirectory, "contrib", "sekisho.service");

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d)")]
    private static partial Regex Exposure();

    [Fact]
    public async Task Systemd_accepts_the_unit()
    {
        using var dir = new TempDirectory();
        var unit = WithBuiltProgram(dir);
        var (exitCode, output) = await RunAsync("systemd-analyze", "verify", unit);
        Assert.True(exitCode == 0 && output.Length == 0, output);
    }

    [Fact]
    public async Task The_hardening_keeps_the_exposure_level_low()
    {
        using var dir = new TempDirectory();
        var unit = WithBuiltProgram(dir);
        var (exitCode, output) = await RunAsync("systemd-analyze", "security", "--offline=true", "--threshold=25", unit);
        Assert.True(exitCode == 0, output);
        var level = double.Parse(Exposure().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(level <= 2.0, $"exposure {level} (1.7 when written):\n{output}");
    }

    [Fact]
    public void The_unit_has_what_the_server_needs()
    {
        var settings = File.ReadLines(UnitPath)
            .Where(line => line.Contains('=') && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToLookup(pair => pair[0], pair => pair[1]);
        Assert.Equal(["notify"], settings["Type"]); // READY=1 from Microsoft.Extensions.Hosting.Systemd
        Assert.Equal(["/bin/kill -HUP $MAINPID"], settings["ExecReload"]);
        Assert.Equal(["CAP_NET_BIND_SERVICE"], settings["AmbientCapabilities"]);
        Assert.Equal(["CAP_NET_BIND_SERVICE"], settings["CapabilityBoundingSet"]);
        Assert.Empty(settings["MemoryDenyWriteExecute"]); // the JIT needs writable, then executable memory
        // getifaddrs needs netlink: with it denied, a listener on all addresses would stop the start.
        Assert.Equal(["AF_INET", "AF_INET6", "AF_UNIX", "AF_NETLINK"], settings["RestrictAddressFamilies"].Single().Split(' '));
        // SIGTERM: ServeCommand gives the host 15 s (HostOptions.ShutdownTimeout); systemd must wait longer before SIGKILL.
        var stop = settings["TimeoutStopSec"].Single();
        Assert.True(int.Parse(stop.TrimEnd('s'), CultureInfo.InvariantCulture) > 15, stop);
        Assert.True(int.Parse(settings["LimitNOFILE"].Single(), CultureInfo.InvariantCulture) >= 65536);
        Assert.Equal(["/usr/local/bin/sekisho serve --config /etc/sekisho/sekisho.conf"], settings["ExecStart"]);
    }

    /// <summary>A copy of the unit that starts the program built next to the tests (verify wants an executable there).</summary>
    private static string WithBuiltProgram(TempDirectory dir) =>
        dir.Write("sekisho.service", File.ReadAllText(UnitPath).Replace("/usr/local/bin/sekisho", SekishoProcess.Executable, StringComparison.Ordinal));

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }
}
