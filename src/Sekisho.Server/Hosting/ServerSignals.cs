using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sekisho.Server.Hosting;

/// <summary>
/// The signals of <c>sekisho serve</c> besides SIGTERM (which the host's lifetime handles): SIGHUP makes the server
/// reload (<see cref="SekishoServer.Reload"/>) instead of ending the process, as Postfix's master does
/// (<c>kill -HUP PID</c>, <c>systemctl reload sekisho</c>); SIGINT (Ctrl-C) stops it gracefully, also under the
/// systemd lifetime, which handles only SIGTERM. Register it before the server, so that a SIGHUP during start-up
/// does not end the process either.
/// </summary>
public sealed class ServerSignals : IHostedService, IDisposable
{
    private readonly SekishoServer _server;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _log;
    private readonly List<PosixSignalRegistration> _registrations = [];

    /// <summary>Creates the handlers; they are registered by <see cref="StartAsync"/>.</summary>
    public ServerSignals(SekishoServer server, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        _server = server;
        _lifetime = lifetime;
        _log = loggers.CreateLogger("master");
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnHangup));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnInterrupt));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask; // a SIGHUP while stopping is still no stop

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnHangup(PosixSignalContext context)
    {
        context.Cancel = true;
        _ = Task.Run(() =>
        {
            try
            {
                _server.Reload();
            }
            catch (Exception exception)
            {
                _log.LogError(exception, "reload failed");
            }
        });
    }

    private void OnInterrupt(PosixSignalContext context)
    {
        context.Cancel = true;
        _lifetime.StopApplication();
    }
}
