using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sekisho.Accounts;
using Sekisho.Accounts.Aliases;
using Sekisho.Config;
using Sekisho.Delivery.Error;
using Sekisho.Delivery.Local;
using Sekisho.Delivery.Mbox;
using Sekisho.Delivery.Pipe;
using Sekisho.Queue;
using Sekisho.Queue.Control;
using Sekisho.Server.Control;
using Sekisho.Server.Auth;
using Sekisho.Server.Metrics;
using Sekisho.Server.Pickup;
using Sekisho.Server.Pop3;
using Sekisho.Server.RelayAuth;
using Sekisho.Server.Smtp;
using Sekisho.Server.Tls;

namespace Sekisho.Server.Hosting;

/// <summary>
/// The running mail server: the queue manager and one listener per configured endpoint. Start-up binds
/// every port before anything is accepted; stopping stops accepting, gives sessions
/// <see cref="GracePeriod"/> to finish their current command, then cuts what is left.
/// </summary>
public sealed partial class SekishoServer : IHostedService, IAsyncDisposable
{
    private readonly SekishoSettings _settings;
    private readonly ILoggerFactory _loggers;
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _stopQueue = new();
    private readonly List<SmtpListener> _listeners = [];
    private readonly List<Pop3Listener> _pop3Listeners = [];
    private readonly List<MetricsHttpListener> _metricsListeners = [];
    private readonly List<Task> _running = []; // listeners
    private readonly List<Task> _background = []; // queue manager, POP-before-SMTP purge
    private IAccountStore? _accounts;
    private X509Certificate2? _certificate;
    private StackExchange.Redis.ConnectionMultiplexer? _redis;
    private IRelayAuthorizationStore? _relayAuthorizations;
    private QueueOwnerLock? _queueLock;
    private QueueControlListener? _control;

    /// <summary>Creates the server; nothing happens until <see cref="StartAsync"/>.</summary>
    public SekishoServer(SekishoSettings settings, ILoggerFactory loggers)
    {
        _settings = settings;
        _loggers = loggers;
    }

    /// <summary>The queue manager, once started (ETRN and the control socket flush through it).</summary>
    public QueueManager? Queue { get; private set; }

    /// <summary>POP-before-SMTP (the POP3 server records logins here), once started.</summary>
    public PopBeforeSmtp? PopBeforeSmtp { get; private set; }

    /// <summary>The server's counters (served on <c>metrics_listen</c> and to <c>sekisho status</c>), once started.</summary>
    public ServerMetrics? Metrics { get; private set; }

    /// <summary>The bound <c>metrics_listen</c> endpoints.</summary>
    public IReadOnlyList<IPEndPoint> MetricsEndPoints => _metricsListeners.Select(l => l.LocalEndPoint).ToList();

    /// <summary>How long sessions may take to finish after a stop request.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The bound endpoints, by service.</summary>
    public IReadOnlyList<(ListenerKind Kind, IPEndPoint EndPoint)> EndPoints => _listeners.Select(l => (l.Kind, l.LocalEndPoint)).ToList();

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var log = _loggers.CreateLogger("smtpd");
        await DataDirectoryInitializer.InitializeAsync(_settings, cancellationToken);
        _queueLock = QueueOwnerLock.TryAcquire(_settings.QueueDirectory)
            ?? throw new IOException($"queue_directory {_settings.QueueDirectory} is in use by another running Sekisho (it holds {QueueOwnerLock.FileName})");

        _accounts = AccountStores.Open(_settings.AccountDatabase);
        // Secrets of mechanisms no longer listed (CRAM-MD5, DIGEST-MD5 are password-equivalent) do not stay on disk.
        var pruned = await _accounts.PruneSecretsAsync(CredentialPolicy.For(_settings), cancellationToken);
        if (pruned > 0)
        {
            log.LogInformation("removed {Count} stored password-equivalent secrets of mechanisms no longer enabled (CRAM-MD5, DIGEST-MD5, APOP)", pruned);
        }
        var aliases = new AliasMaps(_settings.AliasMaps);
        PrepareReload(aliases);
        foreach (var warning in aliases.Warnings)
        {
            log.LogWarning("{Warning}", warning);
        }
        var spool = new Spool(_settings.QueueDirectory);
        var metrics = new ServerMetrics();
        metrics.WatchQueue(spool);
        Metrics = metrics;
        var transports = new ITransport[]
        {
            new LocalTransport(_settings.MaildirBase, _settings.MyHostname),
            new PipeTransport(_settings.DefaultPrivs, _settings.CommandTimeLimit),
            new FileTransport(_settings.DefaultPrivs),
            SmtpTransportBuilder.Build(_settings),
            new ErrorTransport(),
        };
        var queueOptions = new QueueManagerOptions
        {
            MinimalBackoff = _settings.MinimalBackoffTime,
            MaximalBackoff = TimeSpan.FromTicks(Math.Max(_settings.MaximalBackoffTime.Ticks, _settings.MinimalBackoffTime.Ticks)),
            QueueRunDelay = _settings.QueueRunDelay,
            MaximalQueueLifetime = _settings.MaximalQueueLifetime,
            BounceQueueLifetime = _settings.BounceQueueLifetime,
            Concurrency = _settings.ProcessLimit,
            DestinationConcurrency = _settings.DefaultDestinationConcurrencyLimit,
            DeferTransports = _settings.DeferTransports.ToHashSet(StringComparer.Ordinal),
            DelayWarningTime = _settings.DelayWarningTime,
        };
        // Routes bounces and locally submitted mail: no service's restrictions apply to either.
        var bounceRouter = RecipientRouterBuilder.Build(_settings, _accounts, aliases, new List<string>());
        var queue = new QueueManager(spool, transports, queueOptions, _loggers.CreateLogger("qmgr"))
        {
            Bounces = new BounceWriter(_settings, spool, bounceRouter),
            Observer = metrics,
        };
        queue.Recover();
        Queue = queue;
        var pickup = new PickupService(_settings, bounceRouter, spool, queue.Notify, _loggers.CreateLogger("pickup"));
        _control = QueueControlListener.TryBind(_settings.QueueDirectory, queue, _loggers.CreateLogger("qmgr"), Reload);

        _certificate = await TlsCertificateProvider.LoadAsync(_settings.TlsCertFile, _settings.TlsKeyFile, _settings.DataDirectory, _settings.MyHostname, cancellationToken);
        IAuthFailureStore failures = new MemoryAuthFailureStore();
        if (_settings.RedisUrl.Length > 0)
        {
            _redis = await RedisConnector.ConnectAsync(_settings.RedisUrl, cancellationToken);
            failures = new RedisAuthFailureStore(_redis);
            if (!_redis.IsConnected)
            {
                log.LogWarning("redis_url: not connected yet to {EndPoints}; AUTH answers 454 until it is", string.Join(", ", _redis.GetEndPoints().Select(e => e.ToString())));
            }
        }
        var throttle = new AuthFailureThrottle(failures, _settings.Sasl.FailureLimit, _settings.Sasl.FailureWindow, _settings.Sasl.PenaltyTime);
        var accountFailures = new AccountFailureCounter(_settings.Sasl.FailureWindow);
        var decoyKey = DecoyKeyFile.LoadOrCreate(Path.Combine(_settings.DataDirectory, DecoyKeyFile.FileName));
        _relayAuthorizations = await RelayAuthorizationStores.OpenAsync(_settings, cancellationToken);
        var popBeforeSmtp = new PopBeforeSmtp(_relayAuthorizations, _settings.Pop, _settings.MyHostname, _loggers.CreateLogger("pop-before-smtp"))
        {
            Metrics = metrics,
        };
        PopBeforeSmtp = popBeforeSmtp;
        var policyWarnings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (endpoints, kind, service) in new[]
                 {
                     (_settings.SmtpListen, ListenerKind.Smtp, "smtp"),
                     (_settings.SubmissionListen, ListenerKind.Submission, "submission"),
                     (_settings.SmtpsListen, ListenerKind.Smtps, "smtps"),
                 })
        {
            if (endpoints.Count == 0)
            {
                continue;
            }
            // Each service has its own view of the settings (submission/inet/... overrides) and so its own policy.
            var serviceSettings = _settings.ForService(service);
            var warnings = new List<string>();
            var router = RecipientRouterBuilder.Build(serviceSettings, _accounts, aliases, warnings, popBeforeSmtp.IsAuthorizedAsync);
            foreach (var warning in warnings.Where(policyWarnings.Add))
            {
                log.LogWarning("{Warning}", warning);
            }
            var services = new SmtpServices(serviceSettings, router, spool, queue.Notify, _certificate, log)
            {
                Etrn = new EtrnService(RecipientRouterBuilder.FastFlushDomains(serviceSettings), queue.Flush),
                Authenticator = AuthenticatorBuilder.Build(serviceSettings, _accounts, router, throttle, accountFailures, decoyKey, log),
                ClientLimiter = ClientLimiterBuilder.Build(serviceSettings),
                Metrics = metrics,
            };
            metrics.DeclareListener(service);
            foreach (var endpoint in endpoints)
            {
                _listeners.Add(new SmtpListener(services, endpoint, kind));
            }
        }

        if (_settings.Pop3Listen.Count + _settings.Pop3sListen.Count > 0)
        {
            // The router only answers which domains are local, so alice@example.com logs in as alice.
            var localDomains = RecipientRouterBuilder.Build(_settings, _accounts, aliases, new List<string>()).LocalDomains;
            var pop3 = Pop3Services.Create(_settings, _accounts, localDomains.Contains, throttle, accountFailures, decoyKey, _certificate, popBeforeSmtp,
                _loggers.CreateLogger("pop3d"), metrics);
            _pop3Listeners.AddRange(_settings.Pop3Listen.Select(endpoint => new Pop3Listener(pop3, endpoint, implicitTls: false)));
            _pop3Listeners.AddRange(_settings.Pop3sListen.Select(endpoint => new Pop3Listener(pop3, endpoint, implicitTls: true)));
        }
        foreach (var listener in _pop3Listeners)
        {
            metrics.DeclareListener(listener.ImplicitTls ? "pop3s" : "pop3");
        }
        _metricsListeners.AddRange(_settings.MetricsListen.Select(endpoint => new MetricsHttpListener(metrics, endpoint, _loggers.CreateLogger("metrics"))));

        _background.Add(Task.Run(() => queue.RunAsync(_stopQueue.Token), CancellationToken.None));
        _background.Add(Task.Run(() => popBeforeSmtp.RunPurgeAsync(_stopQueue.Token), CancellationToken.None));
        _background.Add(Task.Run(() => pickup.RunAsync(_stopQueue.Token), CancellationToken.None));
        foreach (var listener in _metricsListeners)
        {
            _background.Add(Task.Run(() => listener.RunAsync(_stopQueue.Token), CancellationToken.None));
        }
        if (_control is { } control)
        {
            control.Metrics = metrics;
            _background.Add(Task.Run(() => control.RunAsync(_stopQueue.Token), CancellationToken.None));
        }
        foreach (var listener in _listeners)
        {
            _running.Add(Task.Run(() => listener.RunAsync(_stopAccepting.Token, _abort.Token), CancellationToken.None));
        }
        foreach (var listener in _pop3Listeners)
        {
            _running.Add(Task.Run(() => listener.RunAsync(_stopAccepting.Token, _abort.Token), CancellationToken.None));
        }
        log.LogInformation("daemon started -- version {Version}, configuration {Source}", typeof(SekishoServer).Assembly.GetName().Version, _settings.Configuration.SourceName);
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopAccepting.Cancel();
        var listeners = Task.WhenAll(_running);
        var grace = Task.Delay(GracePeriod, cancellationToken);
        if (await Task.WhenAny(listeners, grace) != listeners)
        {
            _abort.Cancel();
        }
        await _stopQueue.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Concat(_background));
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
        if (_control is not null)
        {
            await _control.DisposeAsync();
        }
        _queueLock?.Dispose();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
        if (_relayAuthorizations is not null)
        {
            await _relayAuthorizations.DisposeAsync();
        }
        _stopAccepting.Dispose();
        _abort.Dispose();
        _stopQueue.Dispose();
    }
}
