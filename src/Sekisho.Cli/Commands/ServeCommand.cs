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
            // The mail log on standard output or in maillog_file, written in batches (one write per 20 ms at most under
            // load). Disposed after the host (declared before it), so it writes the host's last lines too.
            MailLogProvider mailLog;
            try
            {
                mailLog = MailLogFile.CreateProvider(settings.MaillogFile, TimeSpan.FromMilliseconds(20));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"sekisho: fatal: maillog_file {settings.MaillogFile}: {exception.Message}");
                return 71; // EX_OSERR
            }
            using var mailLogLifetime = mailLog;
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Services.AddSingleton<ILoggerProvider>(mailLog);
            // Under systemd (or wherever NOTIFY_SOCKET is set): READY=1 once every port is bound and the server started,
            // STOPPING=1 at SIGTERM. It also sets the console logger's format, but there is no console logger.
            builder.Services.AddSystemd();
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            // A failed start is reported once, as a fatal line below, not with the host's stack trace.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
            builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
            builder.Services.AddSingleton(settings);
            builder.Services.AddSingleton<SekishoServer>();
            builder.Services.AddHostedService<ServerSignals>(); // SIGHUP reloads, SIGINT stops; before the server, so it is there during start-up
            builder.Services.AddHostedService(provider => provider.GetRequiredService<SekishoServer>());
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(15));
            builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
            using var host = builder.Build();
            if (mailLog.CanReopen)
            {
                host.Services.GetRequiredService<SekishoServer>().AddReloadStep("maillog_file reopened", mailLog.Reopen);
            }
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
