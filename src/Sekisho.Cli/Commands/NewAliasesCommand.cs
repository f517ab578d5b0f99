using System.CommandLine;
using Sekisho.Accounts.Aliases;
using Sekisho.Server.Hosting;

namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho newaliases</c>: checks the aliases file(s) of <c>alias_database</c> and compiles the index the server reads.</summary>
internal static class NewAliasesCommand
{
    public static Command Create()
    {
        var config = CommonOptions.ConfigOption();
        var command = new Command("newaliases", "Check and compile the aliases file(s) named by alias_database; a running server picks them up.");
        command.Options.Add(config);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = CommonOptions.LoadSettings(parse.GetValue(config));
            return settings is null ? CommonOptions.ConfigError : await RunAsync(settings, "sekisho", cancellationToken);
        });
        return command;
    }

    /// <summary>Compiles every file of <c>alias_database</c>; EX_DATAERR when one is missing or bad.</summary>
    /// <param name="settings">The configuration.</param>
    /// <param name="program">The name messages are printed under.</param>
    /// <param name="cancellationToken">Abort.</param>
    public static async Task<int> RunAsync(Config.SekishoSettings settings, string program, CancellationToken cancellationToken)
    {
        var exit = 0;
        var policy = AliasTargetPolicies.From(settings);
        foreach (var source in settings.AliasDatabase)
        {
            if (!File.Exists(source))
            {
                Console.Error.WriteLine($"{program}: fatal: {source}: no such file");
                exit = CommonOptions.DataError;
                continue;
            }
            try
            {
                foreach (var warning in AliasFileParser.ParseFile(source, policy).Warnings)
                {
                    Console.Error.WriteLine($"{program}: warning: " + warning);
                }
                await AliasIndex.CompileAsync(source, policy, cancellationToken);
                var index = AliasIndex.Load(AliasIndex.IndexPathFor(source));
                Console.WriteLine($"{program}: {AliasIndex.IndexPathFor(source)}: {index.Count} aliases");
            }
            catch (AliasException exception)
            {
                Console.Error.WriteLine($"{program}: fatal: " + exception.Message);
                exit = CommonOptions.DataError;
            }
            catch (UnauthorizedAccessException exception)
            {
                Console.Error.WriteLine($"{program}: fatal: " + exception.Message);
                exit = CommonOptions.NoPermission;
            }
        }
        return exit;
    }
}
