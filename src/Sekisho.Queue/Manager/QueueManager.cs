using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Sekisho.Queue;

/// <summary>
/// Moves messages incoming → active → (removed | deferred | hold), handing recipients to their transports, at most
/// <see cref="QueueManagerOptions.Concurrency"/> messages at once and <see cref="QueueManagerOptions.DestinationConcurrency"/>
/// deliveries per destination, and recording final statuses in the queue file so a delivered recipient is never sent
/// again. At start-up it takes back what a crash left in <c>active</c> and clears half-written files from <c>tmp</c>.
/// It is the only writer of queue state while the server runs: the admin's operations (hold, release, delete,
/// requeue, flush; in <c>QueueManager.Administration.cs</c>) come through it, and one lock orders them with its own moves.
/// </summary>
public sealed partial class QueueManager
{
    private readonly Spool _spool;
    private readonly IReadOnlyDictionary<string, ITransport> _transports;
    private readonly QueueManagerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<string> _work = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = false });
    private readonly ConcurrentDictionary<string, bool> _recovered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _flushing = new(StringComparer.Ordinal);
    private readonly DestinationLimiter _destinations;
    private readonly object _gate = new();
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AdminRequest> _requests = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reflush = new(StringComparer.Ordinal);
    private NoticeSender? _notices;

    /// <summary>Creates the manager.</summary>
    /// <param name="spool">The queue.</param>
    /// <param name="transports">The transports by name.</param>
    /// <param name="options">Settings.</param>
    /// <param name="logger">The mail log.</param>
    /// <param name="timeProvider">The clock.</param>
    public QueueManager(Spool spool, IEnumerable<ITransport> transports, QueueManagerOptions options, ILogger logger, TimeProvider? timeProvider = null)
    {
        _spool = spool;
        _transports = transports.ToDictionary(t => t.Name, StringComparer.Ordinal);
        _options = options;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
        _destinations = new DestinationLimiter(options.DestinationConcurrency);
    }

    /// <summary>Writes delivery status notifications (bounces, delay warnings, success reports); null: none are sent.</summary>
    public IBounceWriter? Bounces { get; init; }

    /// <summary>Told of each recipient's delivery outcome (the server's metrics); null: no one.</summary>
    public IDeliveryObserver? Observer { get; init; }

    /// <summary>Deliveries in progress to a destination (see <see cref="ITransport.DestinationOf"/>).</summary>
    /// <param name="destination">The destination key.</param>
    public int DeliveriesInProgress(string destination) => _destinations.InUse(destination);

    private NoticeSender Notices => _notices ??= new NoticeSender(Bounces, _options.DelayWarningTime, _logger, Notify);

    /// <summary>Tells the manager a message was committed to <c>incoming</c>.</summary>
    /// <param name="queueId">The id.</param>
    public void Notify(string queueId) => _work.Writer.TryWrite(queueId);

    /// <summary>Recovers what a crash left behind. Call once before accepting mail.</summary>
    public void Recover()
    {
        var leftovers = _spool.RemoveLeftoverTemporaryFiles();
        if (leftovers > 0)
        {
            _logger.LogInformation("removed {Count} incomplete message file(s) left by an earlier stop", leftovers);
        }
        foreach (var id in _spool.List(QueueState.Active))
        {
            _spool.Move(id, QueueState.Active, QueueState.Incoming);
            _recovered[id] = true;
            _logger.LogInformation("{QueueId}: requeued after interrupted delivery", id);
        }
        foreach (var id in _spool.List(QueueState.Incoming))
        {
            Notify(id);
        }
    }

    /// <summary>Runs the delivery workers and the deferred-queue scan until <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">Server shutdown.</param>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var workers = new List<Task>();
        for (var i = 0; i < Math.Max(1, _options.Concurrency); i++)
        {
            workers.Add(WorkerAsync(cancellationToken));
        }
        workers.Add(ScanDeferredAsync(cancellationToken));
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Moves every deferred message whose time has come back for delivery.</summary>
    /// <returns>How many were moved.</returns>
    public int ReleaseDeferred() => MoveDeferred();

    /// <summary>Moves a message from the first of <paramref name="from"/> it is in; false when it is in none. Call under the gate.</summary>
    private bool TryMove(string queueId, QueueState to, params QueueState[] from)
    {
        foreach (var state in from)
        {
            if (state == QueueState.Active && _active.Contains(queueId))
            {
                continue;
            }
            try
            {
                _spool.Move(queueId, state, to);
                if (to is QueueState.Incoming or QueueState.Hold)
                {
                    File.SetLastWriteTimeUtc(_spool.PathOf(to, queueId), _time.GetUtcNow().UtcDateTime);
                }
                return true;
            }
            catch (FileNotFoundException)
            {
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
        return false;
    }

    private int MoveDeferred()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var count = 0;
        foreach (var id in _spool.List(QueueState.Deferred))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(_spool.PathOf(QueueState.Deferred, id)) > now)
                {
                    continue;
                }
                lock (_gate)
                {
                    _spool.Move(id, QueueState.Deferred, QueueState.Incoming);
                }
            }
            catch (IOException)
            {
                continue; // moved by someone else meanwhile
            }
            Notify(id);
            count++;
        }
        return count;
    }

    private async Task ScanDeferredAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ReleaseDeferred();
            await Task.Delay(_options.QueueRunDelay, _time, cancellationToken);
        }
    }

    private async Task WorkerAsync(CancellationToken cancellationToken)
    {
        // ReadAsync, not ReadAllAsync: a waiting ReadAsync is handed the next id directly, whereas ReadAllAsync waits
        // with WaitToReadAsync, and every write wakes all such waiters (a wake-up of every idle worker per message:
        // with default_process_limit = 11000, 86 instead of 490 messages/s accepted from one client).
        while (true)
        {
            string id;
            try
            {
                id = await _work.Reader.ReadAsync(cancellationToken);
            }
            catch (ChannelClosedException)
            {
                return;
            }
            try
            {
                await ProcessAsync(id, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return; // the file stays in active and is recovered at the next start
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "{QueueId}: delivery failed unexpectedly; the message stays in the active queue until restart", id);
            }
        }
    }

    private async Task ProcessAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!TryMove(id, QueueState.Active, QueueState.Incoming))
            {
                return; // already taken, held or deleted
            }
            _active.Add(id);
        }
        var flush = _flushing.TryRemove(id, out _);
        var settled = false;
        try
        {
            QueuedMessage message;
            try
            {
                message = _spool.Open(id, QueueState.Active);
            }
            catch (QueueFileException exception)
            {
                lock (_gate)
                {
                    _spool.Move(id, QueueState.Active, QueueState.Corrupt);
                    _active.Remove(id);
                    _requests.Remove(id);
                    _reflush.Remove(id);
                }
                settled = true;
                _logger.LogWarning("{QueueId}: corrupt queue file ({Problem}); moved to the corrupt queue", id, exception.Message);
                return;
            }
            bool finished;
            DateTimeOffset arrival;
            using (message)
            {
                arrival = message.Envelope.ArrivalTime;
                finished = await DeliverAsync(message, flush, cancellationToken);
            }
            Settle(id, finished, arrival);
            settled = true;
        }
        finally
        {
            if (!settled)
            {
                // Shutdown, or a failure outside the transports: the file stays in active and is taken back at the next start.
                lock (_gate)
                {
                    _active.Remove(id);
                    _reflush.Remove(id);
                }
            }
        }
    }

    /// <summary>One delivery pass over the pending recipients; true when none is left pending.</summary>
    private async Task<bool> DeliverAsync(QueuedMessage message, bool flush, CancellationToken cancellationToken)
    {
        var id = message.QueueId;
        var envelope = message.Envelope;
        _logger.LogInformation("{QueueId}: from=<{Sender}>, size={Size}, nrcpt={Count} (queue active)",
            id, envelope.Sender, message.Size, envelope.Recipients.Count);
        var mayHaveBeenDelivered = _recovered.TryRemove(id, out _);
        var outcomes = new List<(int Index, RecipientResult Result)>();
        var deferred = new List<(string Address, string Reason)>();
        foreach (var group in PendingByDestination(envelope))
        {
            var results = await DeliverGroupAsync(message, group.Transport, group.Destination, group.Recipients, flush, mayHaveBeenDelivered, cancellationToken);
            for (var i = 0; i < group.Recipients.Count; i++)
            {
                var (index, recipient) = group.Recipients[i];
                var result = Expire(envelope, results[i]);
                outcomes.Add((index, result));
                LogOutcome(message, recipient, result);
                if (result.Status == RecipientStatus.Pending)
                {
                    deferred.Add((recipient.Address, result.Detail));
                }
            }
        }

        await Notices.SendAsync(message, outcomes, _time.GetUtcNow() - envelope.ArrivalTime, cancellationToken);
        if (deferred.Count == 0)
        {
            return true; // the file is removed: no status to record
        }
        message.SetStatuses(outcomes.Where(o => o.Result.Status != RecipientStatus.Pending).Select(o => (o.Index, o.Result.Status)));
        if (!message.SetDeferReasons(deferred))
        {
            _logger.LogWarning("{QueueId}: could not record the deferral reasons in the queue file", id);
        }
        return false;
    }

    private async Task<IReadOnlyList<RecipientResult>> DeliverGroupAsync(QueuedMessage message, string transportName, string? destination,
        List<(int Index, QueueRecipient Recipient)> recipients, bool flush, bool mayHaveBeenDelivered, CancellationToken cancellationToken)
    {
        if (!flush && _options.DeferTransports.Contains(transportName))
        {
            var waiting = RecipientResult.Deferred("none", "deferred transport");
            return recipients.Select(_ => waiting).ToList();
        }
        if (!_transports.TryGetValue(transportName, out var transport))
        {
            var unavailable = RecipientResult.Deferred("none", $"delivery temporarily suspended: transport {transportName} is not available");
            return recipients.Select(_ => unavailable).ToList();
        }
        using var lease = destination is null ? null : await _destinations.EnterAsync(destination, cancellationToken);
        try
        {
            return await transport.DeliverAsync(new DeliveryRequest(message, recipients, mayHaveBeenDelivered), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogError(exception, "{QueueId}: transport {Transport} failed", message.QueueId, transportName);
            var failed = RecipientResult.Deferred(transportName, "temporary failure: " + exception.Message);
            return recipients.Select(_ => failed).ToList();
        }
    }

    /// <summary>Where the message goes after a pass: removed, held, or deferred until its next attempt.</summary>
    private void Settle(string id, bool finished, DateTimeOffset arrival)
    {
        lock (_gate)
        {
            _active.Remove(id);
            var asked = _requests.Remove(id, out var request);
            var flushedMeanwhile = _reflush.Remove(id);
            if (finished || (asked && request == AdminRequest.Delete))
            {
                _spool.Remove(id, QueueState.Active);
                _logger.LogInformation(finished ? "{QueueId}: removed" : "{QueueId}: removed (deleted by the admin)", id);
                return;
            }
            if (asked && request == AdminRequest.Hold)
            {
                _spool.Move(id, QueueState.Active, QueueState.Hold);
                _logger.LogInformation("{QueueId}: placed on hold (by the admin)", id);
                return;
            }
            if (flushedMeanwhile)
            {
                // Flushed while this attempt ran: try again at once, as the flush asked.
                _spool.Move(id, QueueState.Active, QueueState.Incoming);
                _flushing[id] = true;
                Notify(id);
                return;
            }
            // Postfix's backoff: the time spent in the queue so far, between the minimal and maximal backoff time.
            var age = _time.GetUtcNow() - arrival;
            var backoff = TimeSpan.FromTicks(Math.Clamp(age.Ticks, _options.MinimalBackoff.Ticks, _options.MaximalBackoff.Ticks));
            File.SetLastWriteTimeUtc(_spool.PathOf(QueueState.Active, id), (_time.GetUtcNow() + backoff).UtcDateTime);
            _spool.Move(id, QueueState.Active, QueueState.Deferred);
        }
    }

    /// <summary>
    /// A deferral of a message older than <c>maximal_queue_lifetime</c> (<c>bounce_queue_lifetime</c> for the null
    /// sender) becomes a bounce, with the last reason, as Postfix returns expired mail to its sender.
    /// </summary>
    private RecipientResult Expire(QueueEnvelope envelope, RecipientResult result)
    {
        var lifetime = envelope.Sender.Length == 0 ? _options.BounceQueueLifetime : _options.MaximalQueueLifetime;
        return result.Status == RecipientStatus.Pending && _time.GetUtcNow() - envelope.ArrivalTime >= lifetime
            ? RecipientResult.Bounced(result.Relay, result.Detail + " (message expired: deferred for longer than the queue lifetime)")
            : result;
    }

    /// <summary>Pending recipients grouped by transport and destination, in first-recipient order.</summary>
    private List<(string Transport, string? Destination, List<(int Index, QueueRecipient Recipient)> Recipients)> PendingByDestination(QueueEnvelope envelope)
    {
        var groups = new List<(string Transport, string? Destination, List<(int, QueueRecipient)> Recipients)>();
        var byKey = new Dictionary<(string, string?), List<(int, QueueRecipient)>>();
        for (var i = 0; i < envelope.Recipients.Count; i++)
        {
            var recipient = envelope.Recipients[i];
            if (recipient.Status != RecipientStatus.Pending)
            {
                continue;
            }
            var destination = _transports.TryGetValue(recipient.Transport, out var transport) ? transport.DestinationOf(recipient, envelope.Sender) : null;
            if (!byKey.TryGetValue((recipient.Transport, destination), out var list))
            {
                byKey[(recipient.Transport, destination)] = list = [];
                groups.Add((recipient.Transport, destination, list));
            }
            list.Add((i, recipient));
        }
        return groups;
    }

    private void LogOutcome(QueuedMessage message, QueueRecipient recipient, RecipientResult result)
    {
        var elapsed = _time.GetUtcNow() - message.Envelope.ArrivalTime;
        Observer?.DeliveryAttempted(recipient.Transport, result.Status, elapsed);
        var delay = elapsed.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture);
        var status = result.Status switch
        {
            RecipientStatus.Sent => "sent",
            RecipientStatus.Bounced => "bounced",
            _ => "deferred",
        };
        var original = recipient.OriginalAddress is null ? "" : $", orig_to=<{recipient.OriginalAddress}>";
        _logger.LogInformation("{QueueId}: to=<{Recipient}>{Original}, relay={Relay}, delay={Delay}, status={Status} ({Detail})",
            message.QueueId, recipient.Address, original, result.Relay, delay, status, result.Detail);
    }
}
