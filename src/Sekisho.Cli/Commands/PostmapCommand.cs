using System.CommandLine;
using Sekisho.Policy.Tables;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho postmap TYPE:FILE...</c>: what Postfix admins run after editing a table. Sekisho reads table
/// source files directly (and reloads them when they change), so no index is built: the table is checked,
/// its warnings printed, and an error names the file and line.
/// </summary>
internal static class PostmapCommand
{
    public static Command Create()
    {
        var tables = new Argument<string[]>("TABLE") { Arity = ArgumentArity.OneOrMore, Description = "Tables such as hash:/etc/sekisho/access (a bare path means hash:)." };
        var command = new Command("postmap", "Check lookup tables (no index is needed: Sekisho reads the text and reloads it on change).") { tables };
        command.SetAction(parse =>
        {
            var exit = 0;
            foreach (var spec in parse.GetValue(tables)!)
            {
                var full = spec.Contains(':') ? spec : "hash:" + spec;
                try
                {
                    var table = AccessTableFactory.Open(full, Environment.CurrentDirectory);
                    if (table is ITableDiagnostics diagnostics)
                    {
                        foreach (var warning in diagnostics.Warnings)
                        {
                            Console.Error.WriteLine("sekisho: warning: " + warning);
                        }
                    }
                    Console.WriteLine($"sekisho: {full}: ok (read as text; no index needed)");
                }
                catch (TableException exception)
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
