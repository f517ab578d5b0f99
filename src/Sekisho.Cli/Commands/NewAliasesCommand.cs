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
            if (settings is null)
            {
                return CommonOptions.ConfigError;
            }
            var exit = 0;
            var policy = AliasTargetPolicies.From(settings);
            foreach (var source in settings.AliasDatabase)
            {
                if (!File.Exists(source))
                {
                    Console.Error.WriteLine($"sekisho: fatal: {source}: no such file");
                    exit = CommonOptions.DataError;
                    continue;
                }
                foreach (var warning in AliasFileParser.ParseFile(source, policy).Warnings)
                {
                    Console.Error.WriteLine("sekisho: warning: " + warning);
                }
                try
                {
                    await AliasIndex.CompileAsync(source, policy, cancellationToken);
                    var index = AliasIndex.Load(AliasIndex.IndexPathFor(source));
                    Console.WriteLine($"sekisho: {AliasIndex.IndexPathFor(source)}: {index.Count} aliases");
                }
                catch (AliasException exception)
                {
                    Console.Error.WriteLine("sekisho: fatal: " + exception.Message);
                    exit = CommonOptions.DataError;
                }
            }
            return exit;
        });
        return command;
    }
}
