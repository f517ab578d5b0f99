using Sekisho.Config;
using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sekisho.Server.Hosting;
using Sekisho.Server.Logging;
using Sekisho.Server.Smtp;

namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho serve</c>: runs the server in the foreground until Ctrl-C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = CommonOptions.ConfigOption();
        var command = new Command("serve", "Run the mail server in the foreground (Ctrl-C or SIGTERM stops it gracefully).");
        command.Options.Add(config);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = CommonOptions.LoadSettings(parse.GetValue(config));
            if (settings is null)
            {
                return CommonOptions.ConfigError;
            }
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            // The mail log on standard output, written in batches (one write per 20 ms at most under load).
            // Created by the container, so it is disposed (and writes its last lines) when the host stops.
            builder.Services.AddSingleton<ILoggerProvider>(_ => new MailLogProvider(Console.OpenStandardOutput(), TimeSpan.FromMilliseconds(20)));
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            // A failed start is reported once, as a fatal line below, not with the host's stack trace.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
            builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
            builder.Services.AddSingleton(settings);
            builder.Services.AddSingleton<SekishoServer>();
            builder.Services.AddHostedService(provider => provider.GetRequiredService<SekishoServer>());
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(15));
            builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
            using var host = builder.Build();
            try
            {
                await host.RunAsync(cancellationToken);
                return 0;
            }
            catch (Exception exception) when (exception is ListenerBindException or System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine("sekisho: fatal: " + exception.Message);
                return 71; // EX_OSERR
            }
            catch (ConfigException exception)
            {
                Console.Error.WriteLine("sekisho: fatal: " + exception.Message); // a table or list the server opens at start
                return CommonOptions.ConfigError;
            }
            catch (Sekisho.Accounts.AccountException exception)
            {
                Console.Error.WriteLine("sekisho: fatal: " + exception.Message); // the account database or a key file
                return 75; // EX_TEMPFAIL
            }
        });
        return command;
    }
}
