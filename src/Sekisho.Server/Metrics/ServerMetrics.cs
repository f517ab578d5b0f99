using Prometheus;
using Sekisho.Protocol.Smtp;
using Sekisho.Queue;
using Sekisho.Server.Auth;
using Sekisho.Server.Pop3;
using Sekisho.Server.Smtp;

namespace Sekisho.Server.Metrics;

/// <summary>
/// The counters of one running server, in a registry of its own (several servers can run in one process): connections,
/// accepted messages, rejects by reason class and restriction, logins by mechanism and result, POP-before-SMTP
/// authorizations, queue sizes (counted when scraped) and delivery attempts with their delay. Labels are few and fixed
/// (listener, reason class, restriction, mechanism, result, transport, state), never a client address or a mail address.
/// <c>metrics_listen</c> serves <see cref="WriteAsync"/> over HTTP; <c>sekisho status</c> reads it over the control socket.
/// </summary>
public sealed class ServerMetrics : IDeliveryObserver
{
    /// <summary>Delivery delay buckets in seconds: sub-second to a minute, then Postfix qshape's 5, 10, 20 ... 1280 minutes.</summary>
    public static readonly double[] DelayBuckets = [0.1, 0.5, 1, 5, 10, 30, 60, 300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 76800];

    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly Gauge _connectionsOpen;
    private readonly Counter _connections;
    private readonly Counter _refused;
    private readonly Counter _accepted;
    private readonly Counter _rejects;
    private readonly Counter _auth;
    private readonly Counter _popBeforeSmtp;
    private readonly Gauge _queue;
    private readonly Counter _deliveries;
    private readonly Histogram _delay;

    /// <summary>Creates the registry and its metrics; <paramref name="time"/> gives the start time.</summary>
    public ServerMetrics(TimeProvider? time = null)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(_registry);
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        factory.CreateGauge("sekisho_build_info", "Sekisho's version (the value is always 1).", ["version"])
            .WithLabels(typeof(ServerMetrics).Assembly.GetName().Version?.ToString() ?? "unknown").Set(1);
        factory.CreateGauge("sekisho_start_time_seconds", "When the server started, in seconds since the Unix epoch.")
            .Set((time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
        _connectionsOpen = factory.CreateGauge("sekisho_connections_open", "Client connections open now, by listener.", ["listener"]);
        _connections = factory.CreateCounter("sekisho_connections_total", "Client connections accepted, by listener.", ["listener"]);
        _refused = factory.CreateCounter("sekisho_connections_refused_total",
            "Connections refused before the greeting, by listener and the limit that refused them.", ["listener", "limit"]);
        _accepted = factory.CreateCounter("sekisho_messages_accepted_total", "Messages queued (250 after DATA or the last BDAT), by listener.", ["listener"]);
        _rejects = factory.CreateCounter("sekisho_rejects_total",
            "Refused recipients, DATA, MAIL FROM and message contents, by reason class and the restriction that refused.", ["reason", "restriction"]);
        _auth = factory.CreateCounter("sekisho_auth_total", "SMTP AUTH and POP3 logins, by service, mechanism and result.", ["service", "mechanism", "result"]);
        _popBeforeSmtp = factory.CreateCounter("sekisho_pop_before_smtp_authorizations_total",
            "POP3 logins recorded as POP-before-SMTP relay authorizations (result recorded), or not (store failed).", ["result"]);
        _queue = factory.CreateGauge("sekisho_queue_messages", "Messages in the queue, by state (counted when scraped).", ["state"]);
        _deliveries = factory.CreateCounter("sekisho_delivery_attempts_total",
            "Delivery attempts per recipient, by transport and result (delivered, deferred, bounced).", ["transport", "result"]);
        _delay = factory.CreateHistogram("sekisho_delivery_delay_seconds", "Time from a message's arrival to its delivery to a recipient, by transport.",
            ["transport"], new HistogramConfiguration { Buckets = DelayBuckets });
        _popBeforeSmtp.WithLabels("recorded");
        _rejects.WithLabels("relay_denied", "reject_unauth_destination");
        _rejects.WithLabels("unknown_user", "local_recipient_table");
    }

    /// <summary>Shows a listener's series (at 0) before its first connection.</summary>
    /// <param name="listener"><c>smtp</c>, <c>submission</c>, <c>smtps</c>, <c>pop3</c> or <c>pop3s</c>.</param>
    public void DeclareListener(string listener)
    {
        _connectionsOpen.WithLabels(listener);
        _connections.WithLabels(listener);
        if (listener is not ("pop3" or "pop3s"))
        {
            _accepted.WithLabels(listener);
        }
    }

    /// <summary>Counts queue files by state each time the metrics are read (a directory listing per state).</summary>
    /// <param name="spool">The queue.</param>
    public void WatchQueue(Spool spool)
    {
        _registry.AddBeforeCollectCallback(() =>
        {
            foreach (var state in Enum.GetValues<QueueState>())
            {
                _queue.WithLabels(state.ToString().ToLowerInvariant()).Set(CountFiles(spool.DirectoryOf(state)));
            }
        });
    }

    /// <summary>Counts a connection as accepted and open until the returned lease is disposed.</summary>
    /// <param name="listener"><c>smtp</c>, <c>submission</c>, <c>smtps</c>, <c>pop3</c> or <c>pop3s</c>.</param>
    public IDisposable Connection(string listener)
    {
        _connections.WithLabels(listener).Inc();
        var open = _connectionsOpen.WithLabels(listener);
        open.Inc();
        return new ConnectionLease(open);
    }

    /// <summary>Counts an SMTP connection on a listener of <paramref name="kind"/>.</summary>
    public IDisposable Connection(ListenerKind kind) => Connection(ListenerLabel(kind));

    /// <summary>Counts a connection refused before its session began.</summary>
    /// <param name="listener">The listener label.</param>
    /// <param name="limit">The parameter that refused it: <c>default_process_limit</c>, <c>smtpd_client_connection_count_limit</c>, ...</param>
    public void ConnectionRefused(string listener, string limit) => _refused.WithLabels(listener, limit).Inc();

    /// <summary>Counts an SMTP connection refused by <c>default_process_limit</c> (no violation) or a per-client limit.</summary>
    internal void ConnectionRefused(ListenerKind kind, ClientLimitViolation? violation) => ConnectionRefused(ListenerLabel(kind), violation?.Limit switch
    {
        null => "default_process_limit",
        "Connection rate limit exceeded" => "smtpd_client_connection_rate_limit",
        _ => "smtpd_client_connection_count_limit",
    });

    /// <summary>Counts a queued message.</summary>
    public void MessageAccepted(ListenerKind kind) => _accepted.WithLabels(ListenerLabel(kind)).Inc();

    /// <summary>Counts a refusal by a restriction list (RCPT, DATA) or the local recipient table.</summary>
    /// <param name="list">The list (<c>smtpd_relay_restrictions</c>), or null for the local recipient table.</param>
    /// <param name="restriction">The restriction that refused.</param>
    public void Rejected(string? list, string restriction) =>
        _rejects.WithLabels(RejectReasons.Classify(list, restriction), restriction.Length == 0 ? "none" : restriction).Inc();

    /// <summary>Counts a refused RCPT.</summary>
    public void Rejected(RoutingDecision decision) => Rejected(decision.RestrictionList, decision.Restriction);

    /// <summary>Counts a MAIL FROM parameter error when policy refused it (<c>SIZE=</c> too big); syntax errors are not rejects.</summary>
    public void MailRejected(SmtpReply reply)
    {
        if (RejectReasons.OfMail(reply) is { } labels)
        {
            _rejects.WithLabels(labels.Reason, labels.Restriction).Inc();
        }
    }

    /// <summary>Counts a refused message content (too big, bare newline, a queue write error).</summary>
    public void ContentRejected(SmtpReply reply)
    {
        var (reason, restriction) = RejectReasons.OfContent(reply);
        _rejects.WithLabels(reason, restriction).Inc();
    }

    /// <summary>Counts an SMTP AUTH command's outcome.</summary>
    internal void Authenticated(AuthOutcome outcome) =>
        _auth.WithLabels("smtp", AuthResults.Mechanism(outcome.Mechanism), AuthResults.Of(outcome)).Inc();

    /// <summary>Counts a POP3 login's outcome (USER/PASS, APOP, AUTH).</summary>
    internal void Authenticated(Pop3LoginOutcome outcome) =>
        _auth.WithLabels("pop3", AuthResults.Mechanism(outcome.Method), AuthResults.Of(outcome)).Inc();

    /// <summary>Counts a POP-before-SMTP authorization, recorded or not (the store failed).</summary>
    public void PopBeforeSmtpAuthorized(bool recorded) => _popBeforeSmtp.WithLabels(recorded ? "recorded" : "failed").Inc();

    /// <inheritdoc/>
    public void DeliveryAttempted(string transport, RecipientStatus status, TimeSpan delay)
    {
        _deliveries.WithLabels(transport, status switch
        {
            RecipientStatus.Sent => "delivered",
            RecipientStatus.Bounced => "bounced",
            _ => "deferred",
        }).Inc();
        if (status == RecipientStatus.Sent)
        {
            _delay.WithLabels(transport).Observe(Math.Max(0, delay.TotalSeconds));
        }
    }

    /// <summary>Writes every metric in the Prometheus text format (version 0.0.4).</summary>
    /// <param name="destination">Where to write (UTF-8).</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) =>
        _registry.CollectAndExportAsTextAsync(destination, ExpositionFormat.PrometheusText, cancellationToken);

    /// <summary>The listener label of an SMTP listener kind.</summary>
    public static string ListenerLabel(ListenerKind kind) => kind switch
    {
        ListenerKind.Submission => "submission",
        ListenerKind.Smtps => "smtps",
        _ => "smtp",
    };

    private static int CountFiles(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory).Count();
        }
        catch (DirectoryNotFoundException)
        {
            return 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
