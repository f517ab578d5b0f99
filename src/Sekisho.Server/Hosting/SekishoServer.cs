using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sekisho.Accounts;
using Sekisho.Accounts.Aliases;
using Sekisho.Config;
using Sekisho.Delivery.Local;
using Sekisho.Delivery.Mbox;
using Sekisho.Delivery.Pipe;
using Sekisho.Queue;
using Sekisho.Server.Smtp;
using Sekisho.Server.Tls;

namespace Sekisho.Server.Hosting;

/// <summary>
/// The running mail server: the queue manager and one listener per configured endpoint. Start-up binds
/// every port before anything is accepted; stopping stops accepting, gives sessions
/// <see cref="GracePeriod"/> to finish their current command, then cuts what is left.
/// </summary>
public sealed class SekishoServer : IHostedService, IAsyncDisposable
{
    private readonly SekishoSettings _settings;
    private readonly ILoggerFactory _loggers;
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _stopQueue = new();
    private readonly List<SmtpListener> _listeners = [];
    private readonly List<Task> _running = [];
    private SqliteAccountStore? _accounts;
    private X509Certificate2? _certificate;

    /// <summary>Creates the server; nothing happens until <see cref="StartAsync"/>.</summary>
    public SekishoServer(SekishoSettings settings, ILoggerFactory loggers)
    {
        _settings = settings;
        _loggers = loggers;
    }

    /// <summary>How long sessions may take to finish after a stop request.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The bound endpoints, by service.</summary>
    public IReadOnlyList<(ListenerKind Kind, IPEndPoint EndPoint)> EndPoints => _listeners.Select(l => (l.Kind, l.LocalEndPoint)).ToList();

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var log = _loggers.CreateLogger("smtpd");
        await DataDirectoryInitializer.InitializeAsync(_settings, cancellationToken);

        _accounts = new SqliteAccountStore(_settings.AccountDatabase);
        var aliases = new AliasMaps(_settings.AliasMaps);
        foreach (var warning in aliases.Warnings)
        {
            log.LogWarning("{Warning}", warning);
        }
        var policyWarnings = new List<string>();
        var router = RecipientRouterBuilder.Build(_settings, _accounts, aliases, policyWarnings);
        foreach (var warning in policyWarnings)
        {
            log.LogWarning("{Warning}", warning);
        }

        var spool = new Spool(_settings.QueueDirectory);
        var transports = new ITransport[]
        {
            new LocalTransport(_settings.MaildirBase, _settings.MyHostname),
            new PipeTransport(_settings.DefaultPrivs, _settings.CommandTimeLimit),
            new FileTransport(_settings.DefaultPrivs),
        };
        var queue = new QueueManager(spool, transports, new QueueManagerOptions(), _loggers.CreateLogger("qmgr"));
        queue.Recover();

        _certificate = await TlsCertificateProvider.LoadAsync(_settings.TlsCertFile, _settings.TlsKeyFile, _settings.DataDirectory, _settings.MyHostname, cancellationToken);
        var services = new SmtpServices(_settings, router, spool, queue.Notify, _certificate, log);

        foreach (var (endpoints, kind) in new[]
                 {
                     (_settings.SmtpListen, ListenerKind.Smtp),
                     (_settings.SubmissionListen, ListenerKind.Submission),
                     (_settings.SmtpsListen, ListenerKind.Smtps),
                 })
        {
            foreach (var endpoint in endpoints)
            {
                _listeners.Add(new SmtpListener(services, endpoint, kind));
            }
        }

        _running.Add(Task.Run(() => queue.RunAsync(_stopQueue.Token), CancellationToken.None));
        foreach (var listener in _listeners)
        {
            _running.Add(Task.Run(() => listener.RunAsync(_stopAccepting.Token, _abort.Token), CancellationToken.None));
        }
        log.LogInformation("daemon started -- version {Version}, configuration {Source}", typeof(SekishoServer).Assembly.GetName().Version, _settings.Configuration.SourceName);
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopAccepting.Cancel();
        var listeners = Task.WhenAll(_running.Skip(1));
        var grace = Task.Delay(GracePeriod, cancellationToken);
        if (await Task.WhenAny(listeners, grace) != listeners)
        {
            _abort.Cancel();
        }
        await _stopQueue.CancelAsync();
        try
        {
            await Task.WhenAll(_running);
        }
        catch (OperationCanceledException)
        {
        }
        _loggers.CreateLogger("smtpd").LogInformation("daemon stopped");
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _abort.Cancel();
        _stopQueue.Cancel();
        if (_accounts is not null)
        {
            await _accounts.DisposeAsync();
        }
        _certificate?.Dispose();
        _stopAccepting.Dispose();
        _abort.Dispose();
        _stopQueue.Dispose();
    }
}
