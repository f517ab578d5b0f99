using System.Diagnostics;
using System.Text.RegularExpressions;
using Sekisho.EndToEnd.Tests.Cli;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Sendmail;

/// <summary>
/// A temp folder with a sekisho.conf for <c>sekisho sendmail -bs -C sekisho.conf</c>: no server runs, messages
/// only land in <c>data/queue/maildrop</c>.
/// </summary>
public sealed partial class SmtpModeSite : IDisposable
{
    private readonly TempDirectory _directory = new();

    /// <param name="extraConfig">More lines for sekisho.conf, e.g. <c>message_size_limit = 1000</c>.</param>
    public SmtpModeSite(string extraConfig = "")
    {
        ConfigPath = _directory.Write("sekisho.conf",
            $"data_directory = {_directory["data"]}\nmyhostname = mail.example.test\nmydestination = $myhostname, localhost\nmyorigin = example.test\n{extraConfig}");
    }

    /// <summary>The configuration file.</summary>
    public string ConfigPath { get; }

    /// <summary>The folder the command writes messages into.</summary>
    public string MaildropFolder => _directory["data/queue/maildrop"];

    /// <summary>The command line swaks runs with <c>--pipe</c>.</summary>
    public string Command => $"{SekishoProcess.Executable} sendmail -bs -C {ConfigPath}";

    /// <summary>Runs the dialogue with <paramref name="transcript"/> as its whole standard input.</summary>
    public async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string transcript) =>
        await SekishoProcess.RunAsync(_directory.Path, transcript, "sendmail", "-bs", "-C", ConfigPath);

    /// <summary>Runs swaks with <c>--pipe</c> to the command and the given arguments.</summary>
    public async Task<(int ExitCode, string Output)> RunSwaksAsync(params string[] args)
    {
        var info = new ProcessStartInfo("swaks")
        {
            WorkingDirectory = _directory.Path,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--pipe");
        info.ArgumentList.Add(Command);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The maildrop files, oldest name first; none when the folder does not exist.</summary>
    public string[] MaildropFiles() => Directory.Exists(MaildropFolder)
        ? [.. Directory.GetFiles(MaildropFolder).Order(StringComparer.Ordinal)]
        : [];

    /// <summary>
    /// Each reply of the output reduced to its code and enhanced status code (<c>250 2.1.0</c>, or <c>220</c> when it has
    /// none), taken from its last line; fails on a line that is not a reply line.
    /// </summary>
    public static string[] Codes(string output)
    {
        var codes = new List<string>();
        foreach (var line in output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Matches(ReplyLine(), line);
            if (line[3] == ' ')
            {
                var match = EnhancedCode().Match(line, 4);
                codes.Add(match.Success && match.Index == 4 ? line[..3] + " " + match.Value : line[..3]);
            }
        }
        return [.. codes];
    }

    public void Dispose() => _directory.Dispose();

    [GeneratedRegex(@"^[2-5][0-9]{2}[ -]")]
    private static partial Regex ReplyLine();

    [GeneratedRegex(@"[245]\.[0-9]{1,3}\.[0-9]{1,3}(?= )")]
    private static partial Regex EnhancedCode();
}
