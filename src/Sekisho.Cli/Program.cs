using System.CommandLine;
using Sekisho.Cli.Commands;

namespace Sekisho.Cli;

/// <summary>The <c>sekisho</c> program.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Sekisho: a mail server that relays only for those it trusts.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(UserCommand.Create());
        root.Subcommands.Add(NewAliasesCommand.Create());
        root.Subcommands.Add(RelayTestCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(PostmapCommand.Create());
        root.Subcommands.Add(RelayAuthCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(QueueCommand.Create());
        root.Subcommands.Add(ReloadCommand.Create());
        // The host handles SIGINT/SIGTERM itself (graceful shutdown), so System.CommandLine must not.
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
