using System.CommandLine;
using Sekisho.Config;

namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho config [-n] [-x] [NAME...]</c>: prints parameters like <c>postconf</c>.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var config = CommonOptions.ConfigOption();
        var onlySet = new Option<bool>("-n") { Description = "Print only parameters set in the file." };
        var expand = new Option<bool>("-x") { Description = "Expand $name references in values." };
        var names = new Argument<string[]>("NAME") { Arity = ArgumentArity.ZeroOrMore, Description = "Parameters to print (default: all)." };
        var command = new Command("config", "Print the effective configuration, like postconf.");
        command.Options.Add(config);
        command.Options.Add(onlySet);
        command.Options.Add(expand);
        command.Arguments.Add(names);
        command.SetAction(parse =>
        {
            var settings = CommonOptions.LoadSettings(parse.GetValue(config));
            if (settings is null)
            {
                return CommonOptions.ConfigError;
            }
            var configuration = settings.Configuration;
            var wanted = parse.GetValue(names) ?? [];
            var exit = 0;
            IEnumerable<string> list = wanted.Length > 0 ? wanted : configuration.ParameterNames;
            foreach (var name in list)
            {
                if (ParameterCatalog.Find(name) is null && !configuration.IsSetInFile(name))
                {
                    Console.Error.WriteLine($"sekisho: warning: {name}: unknown parameter");
                    exit = 1;
                    continue;
                }
                if (parse.GetValue(onlySet) && !configuration.IsSetInFile(name))
                {
                    continue;
                }
                var value = parse.GetValue(expand) ? configuration.Get(name) : configuration.GetRaw(name);
                Console.WriteLine(value.Length == 0 ? name + " =" : $"{name} = {value}");
            }
            return exit;
        });
        return command;
    }
}
