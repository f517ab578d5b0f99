using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Sekisho.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Postfix's <c>smtp-sink</c> on a loopback port, dumping each mail transaction to its own file in
/// <see cref="DumpDirectory"/> (<c>-d DIR/m.</c>). smtp-sink creates a dump file at MAIL, writes through a 4 KB
/// buffer and closes it when the final "." has arrived, before it replies (even a reply delayed with <c>-W .:N</c>);
/// a transaction cut short is unlinked when smtp-sink notices the lost connection, but one that is still open when
/// smtp-sink itself is killed stays behind, empty or partial. <see cref="CompleteDumps"/> therefore returns only the
/// dumps whose content is complete: ending with the caller's end marker line (any last line when none is given)
/// followed by the empty line smtp-sink writes after the data.
/// </summary>
public sealed class SmtpSinkProcess : IAsyncDisposable
{
    /// <summary>Where <c>scripts/test.sh</c> installs it (the postfix package).</summary>
    public const string Executable = "/usr/sbin/smtp-sink";

    private readonly Process _process;
    private readonly string? _endMarker;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Dictionary<string, string> _complete = new(StringComparer.Ordinal);

    private SmtpSinkProcess(Process process, string dumpDirectory, string? endMarker)
    {
        _process = process;
        DumpDirectory = dumpDirectory;
        _endMarker = endMarker;
    }

    /// <summary>The folder that receives one file per mail transaction.</summary>
    public string DumpDirectory { get; }

    /// <summary>What smtp-sink wrote to stdout and stderr, for assertion messages.</summary>
    public string AllOutput => string.Join("\n", _output);

    /// <summary>
    /// Starts <c>smtp-sink [OPTIONS] -d DUMPDIR/m. 127.0.0.1:PORT 64</c> (with <c>-u nobody</c> and a world-writable
    /// dump folder when the tests run as root, as smtp-sink then insists on dropping privileges) and waits until the
    /// port accepts connections.
    /// </summary>
    /// <param name="port">The loopback port.</param>
    /// <param name="dumpDirectory">The dump folder; created if missing.</param>
    /// <param name="endMarker">The last line of every message body, which marks a dump as complete; null: any (small messages).</param>
    /// <param name="options">Extra smtp-sink options, e.g. <c>-W</c>, <c>.:1</c>.</param>
    /// <param name="cancellationToken">Cancels the wait for the port.</param>
    public static async Task<SmtpSinkProcess> StartAsync(int port, string dumpDirectory, string? endMarker, IEnumerable<string> options, CancellationToken cancellationToken)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: install the postfix package (./scripts/test.sh does)");
        Directory.CreateDirectory(dumpDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dumpDirectory, (UnixFileMode)0b111_111_111);
        }
        var start = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (Environment.IsPrivilegedProcess)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("nobody");
        }
        foreach (var argument in options.Concat(["-t", "30", "-d", Path.Combine(dumpDirectory, "m."), $"127.0.0.1:{port}", "64"]))
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        var sink = new SmtpSinkProcess(process, dumpDirectory, endMarker);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) sink._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) sink._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"smtp-sink exited with {process.ExitCode}: {sink.AllOutput}");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port, cancellationToken);
                return sink;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(25, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The text of every complete dump so far (LF line ends, smtp-sink's own X-... and Received: lines first),
    /// keyed by file name. A complete dump never changes again, so it is read only once.
    /// </summary>
    public IReadOnlyDictionary<string, string> CompleteDumps()
    {
        foreach (var file in Directory.EnumerateFiles(DumpDirectory))
        {
            var name = Path.GetFileName(file);
            if (_complete.ContainsKey(name))
            {
                continue;
            }
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue; // unlinked (an aborted transaction) or not readable yet: look again next time
            }
            if (_endMarker is null ? text.Length > 0 && text.EndsWith("\n\n", StringComparison.Ordinal) : text.EndsWith("\n" + _endMarker + "\n\n", StringComparison.Ordinal))
            {
                _complete[name] = text;
            }
        }
        return _complete;
    }

    /// <summary>Waits (up to 15 s) for the first complete dump and returns its text.</summary>
    public async Task<string> FirstDumpAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (CompleteDumps().Count == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("smtp-sink wrote no complete dump: " + AllOutput);
            }
            await Task.Delay(50);
        }
        return CompleteDumps().Values.First();
    }

    /// <summary>kill -9, and wait for the exit.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    /// <summary>Kills smtp-sink and removes its dump folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(DumpDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
