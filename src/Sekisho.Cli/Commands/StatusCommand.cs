using System.CommandLine;
using Sekisho.Cli.Status;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho status [--prometheus]</c>: the running server's counters at a glance (uptime, connections, accepted, rejects,
/// logins, queue, deliveries), asked over its control socket, so it works without <c>metrics_listen</c>. With
/// <c>--prometheus</c> it prints what <c>GET /metrics</c> would. Exit 69 (EX_UNAVAILABLE) when no server is running.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var config = CommonOptions.ConfigOption();
        var prometheus = new Option<bool>("--prometheus") { Description = "Print the raw metrics in the Prometheus text format." };
        var command = new Command("status", "Show the running server's connections, accepted mail, rejects, logins, queue and deliveries.")
        {
            config, prometheus,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = CommonOptions.LoadSettings(parse.GetValue(config), printWarnings: false);
            if (settings is null)
            {
                return CommonOptions.ConfigError;
            }
            string? exposition;
            try
            {
                exposition = await StatusClient.StatusAsync(settings.QueueDirectory, cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or OperationCanceledException)
            {
                Console.Error.WriteLine("sekisho: fatal: " + exception.Message);
                return CommonOptions.Unavailable;
            }
            if (exposition is null)
            {
                Console.Error.WriteLine($"sekisho: no server is running on {settings.QueueDirectory} (start one with sekisho serve)");
                return CommonOptions.Unavailable;
            }
            if (parse.GetValue(prometheus))
            {
                Console.Write(exposition);
                return 0;
            }
            try
            {
                Console.Write(StatusFormatter.Format(ExpositionParser.Parse(exposition), DateTimeOffset.UtcNow));
                return 0;
            }
            catch (FormatException exception)
            {
                Console.Error.WriteLine("sekisho: fatal: the server's metrics cannot be read: " + exception.Message);
                return CommonOptions.DataError;
            }
        });
        return command;
    }
}
