using Microsoft.Extensions.Logging;
using Sekisho.Accounts.Aliases;
using Sekisho.Policy.Tables;

namespace Sekisho.Server.Hosting;

/// <summary>
/// The reload of a running server (SIGHUP, <c>sekisho reload</c>): what can change without a restart does, without
/// stopping a listener or cutting a session, and one line says what was reloaded.
/// </summary>
public sealed partial class SekishoServer
{
    private readonly Lock _reloadLock = new();
    private readonly List<(string Done, Action Step)> _reloadSteps = [];
    private AliasMaps? _reloadAliases;
    private (bool Exists, DateTime WriteTime, long Length) _configStamp;

    /// <summary>Adds something each reload also does, e.g. reopening the <c>maillog_file</c>.</summary>
    /// <param name="done">What the reload line says when the step succeeded, e.g. <c>maillog_file reopened</c>.</param>
    /// <param name="step">The step; an <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> becomes a warning.</param>
    public void AddReloadStep(string done, Action step)
    {
        lock (_reloadLock)
        {
            _reloadSteps.Add((done, step));
        }
    }

    /// <summary>
    /// Reloads lookup tables (each reads its file again at its next lookup), the alias indexes (at once) and whatever
    /// <see cref="AddReloadStep"/> added, then logs <c>reload -- version V, configuration C: WHAT</c>.
    /// </summary>
    /// <returns>What was reloaded, e.g. <c>lookup tables, alias maps, maillog_file reopened</c>.</returns>
    public string Reload()
    {
        var log = _loggers.CreateLogger("master");
        lock (_reloadLock)
        {
            var done = new List<string>();
            TableReloads.RequestAll();
            done.Add("lookup tables");
            if (_reloadAliases is { } aliases)
            {
                aliases.Refresh();
                done.Add("alias maps");
                foreach (var warning in aliases.Warnings)
                {
                    log.LogWarning("{Warning}", warning);
                }
            }
            foreach (var (what, step) in _reloadSteps)
            {
                try
                {
                    step();
                    done.Add(what);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    log.LogWarning("reload: not {What}: {Problem}", what, exception.Message);
                }
            }
            if (_settings.Configuration.FilePath is { } file && StampOf(file) != _configStamp)
            {
                log.LogWarning("reload: {File} changed since the server started: its parameters take effect at the next start (lookup tables and aliases are reloaded)", file);
            }
            var summary = string.Join(", ", done);
            log.LogInformation("reload -- version {Version}, configuration {Source}: {Reloaded}",
                typeof(SekishoServer).Assembly.GetName().Version, _settings.Configuration.SourceName, summary);
            return summary;
        }
    }

    /// <summary>Called once the server has its alias maps: remembers them, and the configuration file's stamp.</summary>
    private void PrepareReload(AliasMaps aliases)
    {
        _reloadAliases = aliases;
        if (_settings.Configuration.FilePath is { } file)
        {
            _configStamp = StampOf(file);
        }
    }

    private static (bool Exists, DateTime WriteTime, long Length) StampOf(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (true, info.LastWriteTimeUtc, info.Length) : default;
    }
}
