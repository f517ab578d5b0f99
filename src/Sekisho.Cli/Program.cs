using System.CommandLine;
using Sekisho.Cli.Commands;
using Sekisho.Cli.Sendmail;

namespace Sekisho.Cli;

/// <summary>The <c>sekisho</c> program.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static async Task<int> Main(string[] args)
    {
        // Run as sendmail, mailq or newaliases (a symlink or a copy), or as `sekisho sendmail|mailq`: sendmail's
        // command line, which System.CommandLine does not read (-oi, -fsender, recipients after options).
        switch (InvocationName.Get())
        {
            case "sendmail":
                return await SendmailCommand.RunAsync("sendmail", args, CancellationToken.None);
            case "mailq":
                return await SendmailCommand.RunAsync("mailq", ["-bp", .. args], CancellationToken.None);
            case "newaliases":
                return await SendmailCommand.RunAsync("newaliases", ["-bi", .. args], CancellationToken.None);
        }
        switch (args)
        {
            case ["sendmail", .. var rest] when !rest.Contains("--help"):
                return await SendmailCommand.RunAsync("sendmail", rest, CancellationToken.None);
            case ["mailq", .. var rest] when !rest.Contains("--help"):
                return await SendmailCommand.RunAsync("mailq", ["-bp", .. rest], CancellationToken.None);
        }

        return await RunCommandLineAsync(args);
    }

    /// <summary>
    /// The <c>sekisho</c> subcommands. A method of its own so that sendmail, which cron and web pages start for every
    /// message, does not load System.CommandLine.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<int> RunCommandLineAsync(string[] args)
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
        root.Subcommands.Add(new Command("sendmail", "Submit a message read from standard input, as Postfix's sendmail(1) (-t, -i, -f, -F, -N, -R, -V, -bs, -bp, -bi, -q, -C config); also runs as a program named sendmail."));
        root.Subcommands.Add(new Command("mailq", "List the queue (sendmail -bp); also runs as a program named mailq."));
        // The host handles SIGINT/SIGTERM itself (graceful shutdown), so System.CommandLine must not.
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
