using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Cli;

/// <summary>
/// <c>sekisho serve</c> exactly as typed, without the <c>--config</c> that <see cref="SekishoProcess.StartServeAsync"/>
/// always adds: for the "no configuration at all" case.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process) => _process = process;

    /// <summary>Lines written to stdout and stderr.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    public string AllOutput => string.Join("\n", Output);

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>sekisho serve</c> in <paramref name="workingDirectory"/> and waits until 127.0.0.1:<paramref name="port"/> accepts.</summary>
    public static async Task<ServeProcess> StartAsync(string workingDirectory, int port)
    {
        var info = new ProcessStartInfo(SekishoProcess.Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("serve");
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        var serve = new ServeProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) serve.Output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) serve.Output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"sekisho serve exited with {process.ExitCode}: {serve.AllOutput}");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return serve;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        await serve.DisposeAsync();
        throw new TimeoutException("sekisho serve did not listen: " + serve.AllOutput);
    }

    /// <summary>Sends SIGTERM and waits for the exit; false when it did not exit in time.</summary>
    public async Task<bool> TerminateAsync(int timeoutSeconds)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }
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
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
