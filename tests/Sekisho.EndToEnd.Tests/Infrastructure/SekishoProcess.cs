using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Sekisho.EndToEnd.Tests.Infrastructure;

/// <summary>The real <c>sekisho</c> program as a separate process: one-shot commands, or <c>serve</c> in the background.</summary>
public sealed class SekishoProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SekishoProcess(Process process) => _process = process;

    /// <summary>The apphost built next to the tests.</summary>
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "sekisho");

    /// <summary>Lines the process wrote to stdout and stderr.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    /// <summary>All output so far, for assertion messages.</summary>
    public string AllOutput => string.Join("\n", Output);

    /// <summary>Runs <c>sekisho ARGS</c> to completion.</summary>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="stdin">Text for standard input, or null.</param>
    /// <param name="args">The arguments.</param>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string workingDirectory, string? stdin, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Starts <c>sekisho serve --config CONFIG</c> (or plain <c>sekisho serve</c>, the embedded default, when
    /// <paramref name="configPath"/> is null) and waits until <paramref name="smtpPort"/> accepts connections.
    /// </summary>
    public static async Task<SekishoProcess> StartServeAsync(string workingDirectory, string? configPath, int smtpPort)
    {
        var server = Start(workingDirectory, configPath is null ? ["serve"] : ["serve", "--config", configPath]);
        var process = server._process;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("sekisho serve exited: " + string.Join("\n", server.Output));
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", smtpPort);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException("sekisho serve did not listen: " + string.Join("\n", server.Output));
    }

    /// <summary>Starts <c>sekisho ARGS</c> in the background, collecting its output in <see cref="Output"/>; does not wait for anything.</summary>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="environment">Variables added to the process's environment, or null.</param>
    public static SekishoProcess Start(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = StartInfo(workingDirectory, args);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        var server = new SekishoProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) server.Output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) server.Output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Sends a signal, e.g. <c>HUP</c>, with kill(1).</summary>
    public void Signal(string name) => Process.Start("kill", [$"-{name}", _process.Id.ToString()])!.WaitForExit();

    /// <summary>Waits until <see cref="Output"/> has <paramref name="count"/> lines that contain <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, int count = 1, int timeoutSeconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (Output.Count(line => line.Contains(text, StringComparison.Ordinal)) < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no {count} lines with \"{text}\" within {timeoutSeconds} s:\n{AllOutput}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The exit code once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>kill -9.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM (or <paramref name="signal"/>) and waits for the exit.</summary>
    public async Task<bool> TerminateAsync(int timeoutSeconds = 20, string signal = "TERM")
    {
        Signal(signal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return info;
    }
}
