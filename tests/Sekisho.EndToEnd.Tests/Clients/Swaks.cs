using System.Diagnostics;

namespace Sekisho.EndToEnd.Tests.Clients;

/// <summary>Runs swaks (the Swiss Army Knife for SMTP, /usr/bin/swaks) and reads its transcript.</summary>
public static class Swaks
{
    /// <summary>Exit code swaks uses when the server refused every RCPT.</summary>
    public const int RecipientRefused = 24;

    /// <summary>Runs <c>swaks --server 127.0.0.1:PORT --helo swaks.client.example ARGS</c>.</summary>
    /// <returns>The exit code and the transcript (stdout and stderr together).</returns>
    public static async Task<(int ExitCode, string Transcript)> RunAsync(int port, params string[] args)
    {
        var info = new ProcessStartInfo("swaks")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--server", $"127.0.0.1:{port}", "--helo", "swaks.client.example", "--timeout", "20", .. args])
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// The message swaks sent after <c>354</c>, rebuilt from its transcript (client lines are shown as
    /// <c> -&gt; </c>, or <c> ~&gt; </c> inside TLS), each line ending in CRLF, without the final dot.
    /// </summary>
    public static string SentMessage(string transcript)
    {
        var lines = transcript.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l.StartsWith("<-  354 ", StringComparison.Ordinal) || l.StartsWith("<~  354 ", StringComparison.Ordinal));
        Assert.True(start >= 0, "no 354 in the swaks transcript:\n" + transcript);
        var message = new System.Text.StringBuilder();
        foreach (var line in lines.Skip(start + 1))
        {
            if (!line.StartsWith(" ->", StringComparison.Ordinal) && !line.StartsWith(" ~>", StringComparison.Ordinal))
            {
                continue;
            }
            var content = line.Length > 4 ? line[4..] : "";
            if (content == ".")
            {
                return message.ToString();
            }
            message.Append(content).Append("\r\n");
        }
        throw new Xunit.Sdk.XunitException("no final dot in the swaks transcript:\n" + transcript);
    }
}
