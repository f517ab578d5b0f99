using System.CommandLine;
using Sekisho.Cli.Queue;
using Sekisho.Queue.Control;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho reload</c>: Postfix's <c>postfix reload</c>. Asks the running server, through its control socket, to do
/// what SIGHUP does (re-read lookup tables and alias indexes, reopen <c>maillog_file</c>) and prints what it reloaded.
/// </summary>
internal static class ReloadCommand
{
    public static Command Create()
    {
        var config = CommonOptions.ConfigOption();
        var command = new Command("reload", "Make the running server re-read lookup tables and aliases and reopen maillog_file (as SIGHUP does).") { config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = CommonOptions.LoadSettings(parse.GetValue(config), printWarnings: false);
            if (settings is null)
            {
                return CommonOptions.ConfigError;
            }
            using (var owner = QueueOwnerLock.TryAcquire(settings.QueueDirectory))
            {
                if (owner is not null)
                {
                    Console.Error.WriteLine($"sekisho: fatal: no server is running on {settings.QueueDirectory}");
                    return CommonOptions.Unavailable;
                }
            }
            try
            {
                var reply = await QueueRequestClient.AskServerAsync(settings.QueueDirectory, "reload", cancellationToken);
                var (count, text) = QueueControl.ParseReply(reply);
                if (count is null)
                {
                    Console.Error.WriteLine("sekisho: " + text); // a server too old to know the request
                    return CommonOptions.Unavailable;
                }
                Console.WriteLine("sekisho: reloaded: " + text);
                return 0;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or OperationCanceledException)
            {
                Console.Error.WriteLine("sekisho: fatal: " + exception.Message);
                return CommonOptions.Unavailable;
            }
        });
        return command;
    }
}
