using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sekisho.Server.Hosting;

/// <summary>
/// SIGHUP makes the server reload (<see cref="SekishoServer.Reload"/>) instead of ending the process, as Postfix's
/// master does: <c>kill -HUP PID</c>, <c>systemctl reload sekisho</c>. Register it before the server, so a SIGHUP
/// during start-up does not end the process either.
/// </summary>
public sealed class HangupReload : IHostedService, IDisposable
{
    private readonly SekishoServer _server;
    private readonly ILogger _log;
    private PosixSignalRegistration? _registration;

    /// <summary>Creates the handler; it is registered by <see cref="StartAsync"/>.</summary>
    public HangupReload(SekishoServer server, ILoggerFactory loggers)
    {
        _server = server;
        _log = loggers.CreateLogger("master");
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnHangup);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask; // a SIGHUP while stopping is still no stop

    /// <inheritdoc/>
    public void Dispose() => _registration?.Dispose();

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
}
