using System.CommandLine;
using Sekisho.Config;

namespace Sekisho.Cli.Commands;

/// <summary>The <c>--config</c> option every subcommand shares, and loading what it names.</summary>
internal static class CommonOptions
{
    /// <summary>Exit code for a configuration error (sysexits.h EX_CONFIG).</summary>
    public const int ConfigError = 78;

    /// <summary>Exit code for bad usage (EX_USAGE).</summary>
    public const int UsageError = 64;

    /// <summary>Exit code for missing data (EX_DATAERR).</summary>
    public const int DataError = 65;

    /// <summary>Exit code when the server or the queue cannot be reached (EX_UNAVAILABLE).</summary>
    public const int Unavailable = 69;

    /// <summary>Exit code for a temporary failure the caller should retry (EX_TEMPFAIL).</summary>
    public const int TemporaryFailure = 75;

    /// <summary>Exit code for something the user may not do or read (EX_NOPERM).</summary>
    public const int NoPermission = 77;

    /// <summary>The environment variable naming the configuration file when no option does.</summary>
    public const string ConfigVariable = "SEKISHO_CONFIG";

    /// <summary>Where an installed Sekisho keeps its configuration.</summary>
    public const string SystemConfigPath = "/etc/sekisho/sekisho.conf";

    /// <summary>A new <c>--config FILE</c> option.</summary>
    public static Option<string?> ConfigOption() => new("--config", "-c")
    {
        Description = $"The configuration file (main.cf syntax). Default: ${ConfigVariable}, else ./sekisho.conf, else {SystemConfigPath}, else the embedded default.",
    };

    /// <summary>
    /// The configuration file to read: the one named (a folder means its sekisho.conf), else <c>$SEKISHO_CONFIG</c>,
    /// else <c>./sekisho.conf</c>, else <c>/etc/sekisho/sekisho.conf</c>; null for the embedded default.
    /// </summary>
    public static string? ResolveConfigPath(string? path)
    {
        path ??= Environment.GetEnvironmentVariable(ConfigVariable) is { Length: > 0 } variable ? variable : null;
        if (path is not null)
        {
            return Directory.Exists(path) ? Path.Combine(path, Configuration.DefaultFileName) : path;
        }
        if (File.Exists(Path.Combine(Environment.CurrentDirectory, Configuration.DefaultFileName)))
        {
            return null;
        }
        return File.Exists(SystemConfigPath) ? SystemConfigPath : null;
    }

    /// <summary>Loads and validates the configuration; prints warnings; on error prints it and returns null.</summary>
    /// <param name="path">The file (or folder) named by an option; null to look for one (<see cref="ResolveConfigPath"/>).</param>
    /// <param name="printWarnings">Print the configuration's warnings.</param>
    /// <param name="program">The name messages are printed under.</param>
    public static SekishoSettings? LoadSettings(string? path, bool printWarnings = true, string program = "sekisho")
    {
        try
        {
            var configuration = Configuration.Load(ResolveConfigPath(path), Environment.CurrentDirectory);
            var settings = SekishoSettings.FromConfiguration(configuration);
            if (printWarnings)
            {
                foreach (var warning in configuration.Warnings)
                {
                    Console.Error.WriteLine($"{program}: warning: " + warning);
                }
            }
            return settings;
        }
        catch (ConfigException exception)
        {
            Console.Error.WriteLine($"{program}: fatal: " + exception.Message);
            return null;
        }
    }
}
