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

    /// <summary>A new <c>--config FILE</c> option.</summary>
    public static Option<string?> ConfigOption() => new("--config", "-c")
    {
        Description = "The configuration file (main.cf syntax). Default: ./sekisho.conf if present, else the embedded default.",
    };

    /// <summary>Loads and validates the configuration; prints warnings; on error prints it and returns null.</summary>
    public static SekishoSettings? LoadSettings(string? path, bool printWarnings = true)
    {
        try
        {
            var configuration = Configuration.Load(path, Environment.CurrentDirectory);
            var settings = SekishoSettings.FromConfiguration(configuration);
            if (printWarnings)
            {
                foreach (var warning in configuration.Warnings)
                {
                    Console.Error.WriteLine("sekisho: warning: " + warning);
                }
            }
            return settings;
        }
        catch (ConfigException exception)
        {
            Console.Error.WriteLine("sekisho: fatal: " + exception.Message);
            return null;
        }
    }
}
