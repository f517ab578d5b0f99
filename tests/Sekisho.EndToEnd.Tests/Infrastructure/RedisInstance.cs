using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sekisho.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A private redis-server on a free loopback port, with nothing saved to disk
/// (<c>redis-server --port P --bind 127.0.0.1 --save '' --appendonly no --daemonize no</c>), answering PING when
/// <see cref="StartAsync"/> returns, killed on dispose. Fails the test (never skips it) when redis-server is not installed.
/// </summary>
public sealed class RedisInstance : IAsyncDisposable
{
    /// <summary>The program scripts/test.sh installs with the redis-server package.</summary>
    public const string ProgramName = "redis-server";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RedisInstance(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The <c>redis_url</c> of database <paramref name="database"/>.</summary>
    public string Url(int database = 0) => $"redis://127.0.0.1:{Port}/{database}";

    /// <summary>What the server printed so far (its log), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a server and waits until it answers PING.</summary>
    public static async Task<RedisInstance> StartAsync()
    {
        var program = FindProgram();
        Assert.True(program is not null, $"{ProgramName} is not installed (not found on PATH): scripts/test.sh installs the redis-server package");
        for (var attempt = 1; ; attempt++)
        {
            var instance = Launch(program!, FreePort.Next());
            try
            {
                await instance.WaitForPingAsync();
                return instance;
            }
            catch (Exception) when (instance._process.HasExited && attempt < 3)
            {
                // Most likely another process took the free port between FreePort.Next() and the bind: try another.
                await instance.DisposeAsync();
            }
            catch
            {
                await instance.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Kills the server (it has nothing to save).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _process.Dispose();
    }

    private static RedisInstance Launch(string program, int port)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = start };
        var instance = new RedisInstance(process, port);
        process.OutputDataReceived += (_, line) => instance.Collect(line.Data);
        process.ErrorDataReceived += (_, line) => instance.Collect(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return instance;
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitForPingAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{ProgramName} on port {Port} exited with {_process.ExitCode}:\n{Output}");
            }
            if (await AnswersPingAsync())
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{ProgramName} on port {Port} did not answer PING within {StartTimeout.TotalSeconds} s:\n{Output}");
            }
            await Task.Delay(20);
        }
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string? FindProgram()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/sbin")
            .Select(folder => Path.Combine(folder, ProgramName))
            .FirstOrDefault(File.Exists);
    }
}
