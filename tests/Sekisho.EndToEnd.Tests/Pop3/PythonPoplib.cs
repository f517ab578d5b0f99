using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Sekisho.EndToEnd.Tests.Pop3;

/// <summary>Runs Python's poplib (<c>Clients/Scripts/poplib_session.py</c>, standard library only) as a separate process.</summary>
public static class PythonPoplib
{
    private static string Script => Path.Combine(AppContext.BaseDirectory, "Clients", "Scripts", "poplib_session.py");

    /// <summary>Runs one session from 127.0.0.2 and returns the script's JSON report.</summary>
    /// <param name="port">The server's POP3 (or POP3S) port on 127.0.0.1.</param>
    /// <param name="options">Script options, e.g. <c>--stls --user alice --password secret</c>.</param>
    /// <param name="actions">The commands, e.g. <c>stat</c>, <c>retr:1</c>, <c>quit</c>.</param>
    public static async Task<JsonElement> RunAsync(int port, string[] options, params string[] actions)
    {
        var info = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["PYTHONUTF8"] = "1";
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--source-address");
        info.ArgumentList.Add(Pop3TestMail.Outside);
        foreach (var argument in options.Concat(actions))
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var json = await stdout;
        try
        {
            return JsonDocument.Parse(json).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"poplib_session.py exited {process.ExitCode} without a report: {json}\nstderr: {await stderr}");
        }
    }

    /// <summary>The report entry of the action at <paramref name="index"/>.</summary>
    public static JsonElement Result(this JsonElement report, int index) => report.GetProperty("results")[index];

    /// <summary>A string property of a report or entry.</summary>
    public static string Text(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    /// <summary>The decoded <c>content</c> of a retr or top entry.</summary>
    public static byte[] Content(this JsonElement entry) => Convert.FromBase64String(entry.Text("content"));
}
