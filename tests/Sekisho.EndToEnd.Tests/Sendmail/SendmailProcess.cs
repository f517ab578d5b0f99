using System.Diagnostics;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Sendmail;

/// <summary>Runs the sendmail command as a user would: <c>sekisho sendmail</c>, a symlink named sendmail, or as another user.</summary>
public static class SendmailProcess
{
    /// <summary>The unprivileged user tests submit as (with <c>setpriv</c>, when the tests run as root).</summary>
    public const string Nobody = "nobody";

    /// <summary>Whether the tests can run a command as <see cref="Nobody"/>.</summary>
    public static bool CanSwitchUser => Environment.UserName == "root" && File.Exists("/usr/bin/setpriv");

    /// <summary>
    /// Runs <c>sekisho sendmail -C CONFIG ARGS</c> (or <paramref name="program"/> <c>-C CONFIG ARGS</c>, a symlink) with
    /// <paramref name="stdin"/> as its input.
    /// </summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string configPath, string? stdin, IEnumerable<string> args,
        string? program = null, string? asUser = null)
    {
        var info = new ProcessStartInfo
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asUser is not null)
        {
            info.FileName = "/usr/bin/setpriv";
            foreach (var arg in (string[])[$"--reuid={asUser}", "--regid=nogroup", "--clear-groups", "--"])
            {
                info.ArgumentList.Add(arg);
            }
            info.ArgumentList.Add(program ?? SekishoProcess.Executable);
        }
        else
        {
            info.FileName = program ?? SekishoProcess.Executable;
        }
        if (program is null)
        {
            info.ArgumentList.Add("sendmail");
        }
        info.ArgumentList.Add("-C");
        info.ArgumentList.Add(configPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            try
            {
                await process.StandardInput.WriteAsync(stdin);
            }
            catch (IOException)
            {
                // The command exited without reading its input (a usage error).
            }
        }
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The finished files in a queue's maildrop folder.</summary>
    public static IReadOnlyList<string> MaildropFiles(string queueDirectory)
    {
        var folder = Path.Combine(queueDirectory, "maildrop");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];
    }
}
