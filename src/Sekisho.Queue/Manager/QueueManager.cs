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
/// requeue, flush) come through it, and one lock orders them with its own moves.
/// </summary>
public sealed class QueueManager
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

    /// <summary>
    /// A flush (<c>sekisho queue flush</c>, <c>sendmail -q</c>, ETRN): every deferred message, or those with a pending
    /// recipient in <paramref name="domain"/>, is tried now, <c>defer_transports</c> included.
    /// </summary>
    /// <param name="domain">A recipient domain (<c>@domain</c> also takes its subdomains), or null for all.</param>
    public QueueOperationResult Flush(string? domain = null)
    {
        // Mail in incoming or being tried right now (without the flush) is covered too, and so is mail the deferred
        // scan moves meanwhile: a message the flush missed would wait for its next retry, or for ever under
        // defer_transports.
        var count = 0;
        var candidates = _spool.List(QueueState.Deferred).Concat(_spool.List(QueueState.Incoming)).Concat(_spool.List(QueueState.Active)).Distinct();
        foreach (var id in candidates)
        {
            if ((domain is null || HasPendingRecipientIn(id, domain)) && MarkForFlush(id))
            {
                count++;
            }
        }
        var what = domain is null ? "deferred" : "deferred for " + domain;
        _logger.LogInformation("flush: {Count} {What} message(s) queued for delivery", count, what);
        return new QueueOperationResult(count, $"{count} {what} message(s) queued for delivery");
    }

    /// <summary>
    /// Makes the next attempt of a message a flush: at once if it is deferred, when its turn comes if it waits in
    /// incoming, right after the current attempt if it is being delivered. False when it is gone or held.
    /// </summary>
    private bool MarkForFlush(string queueId)
    {
        lock (_gate)
        {
            // The worker adds to _active and reads _flushing only after taking the file under this lock, so one of
            // the first two marks always reaches it.
            if (_active.Contains(queueId))
            {
                _reflush.Add(queueId);
                return true;
            }
            _flushing[queueId] = true;
            if (File.Exists(_spool.PathOf(QueueState.Incoming, queueId)))
            {
                return true;
            }
            if (TryMove(queueId, QueueState.Incoming, QueueState.Deferred))
            {
                Notify(queueId);
                return true;
            }
            _flushing.TryRemove(queueId, out _);
            return false;
        }
    }

    /// <summary>Puts a message on hold (<c>postsuper -h</c>): not delivered until released. A message being delivered is held when the attempt ends.</summary>
    /// <param name="queueId">The id.</param>
    public QueueOperationResult Hold(string queueId)
    {
        lock (_gate)
        {
            if (_active.Contains(queueId))
            {
                _requests[queueId] = AdminRequest.Hold;
                return Logged(new QueueOperationResult(1, queueId + ": being delivered; placed on hold when this attempt ends"));
            }
            if (TryMove(queueId, QueueState.Hold, QueueState.Incoming, QueueState.Deferred, QueueState.Active))
            {
                return Logged(new QueueOperationResult(1, queueId + ": placed on hold"));
            }
            return File.Exists(_spool.PathOf(QueueState.Hold, queueId))
                ? new QueueOperationResult(0, queueId + ": already on hold")
                : QueueOperationResult.NotFound(queueId);
        }
    }

    /// <summary>Releases a held message (<c>postsuper -H</c>) for delivery now.</summary>
    /// <param name="queueId">The id.</param>
    public QueueOperationResult Release(string queueId)
    {
        lock (_gate)
        {
            if (_requests.TryGetValue(queueId, out var request) && request == AdminRequest.Hold)
            {
                _requests.Remove(queueId);
                return Logged(new QueueOperationResult(1, queueId + ": released (it was not held yet)"));
            }
            if (!TryMove(queueId, QueueState.Incoming, QueueState.Hold))
            {
                return IsQueued(queueId) ? new QueueOperationResult(0, queueId + ": not on hold") : QueueOperationResult.NotFound(queueId);
            }
        }
        Notify(queueId);
        return Logged(new QueueOperationResult(1, queueId + ": released from hold"));
    }

    /// <summary>Delivers a deferred or held message now (<c>postsuper -r</c>, <c>postqueue -i</c>), <c>defer_transports</c> included.</summary>
    /// <param name="queueId">The id.</param>
    public QueueOperationResult Requeue(string queueId)
    {
        lock (_gate)
        {
            if (_active.Contains(queueId) || File.Exists(_spool.PathOf(QueueState.Incoming, queueId)))
            {
                _requests.Remove(queueId);
                return new QueueOperationResult(0, queueId + ": already queued for delivery");
            }
            if (!TryMove(queueId, QueueState.Incoming, QueueState.Deferred, QueueState.Hold))
            {
                return QueueOperationResult.NotFound(queueId);
            }
        }
        _flushing[queueId] = true;
        Notify(queueId);
        return Logged(new QueueOperationResult(1, queueId + ": requeued"));
    }

    /// <summary>Deletes a message (<c>postsuper -d</c>); one being delivered is deleted when the attempt ends.</summary>
    /// <param name="queueId">The id.</param>
    public QueueOperationResult Delete(string queueId)
    {
        lock (_gate)
        {
            if (_active.Contains(queueId))
            {
                _requests[queueId] = AdminRequest.Delete;
                return Logged(new QueueOperationResult(1, queueId + ": being delivered; removed when this attempt ends"));
            }
            foreach (var state in (QueueState[])[QueueState.Incoming, QueueState.Deferred, QueueState.Hold, QueueState.Corrupt, QueueState.Active])
            {
                var path = _spool.PathOf(state, queueId);
                if (File.Exists(path))
                {
                    _spool.Remove(queueId, state);
                    _spool.RemoveDeferLog(queueId);
                    return Logged(new QueueOperationResult(1, queueId + ": removed"));
                }
            }
            return QueueOperationResult.NotFound(queueId);
        }
    }

    /// <summary>Deletes every message in the queue (<c>postsuper -d ALL</c>).</summary>
    public QueueOperationResult DeleteAll()
    {
        var count = 0;
        foreach (var state in (QueueState[])[QueueState.Incoming, QueueState.Active, QueueState.Deferred, QueueState.Hold, QueueState.Corrupt])
        {
            foreach (var id in _spool.List(state))
            {
                count += Delete(id).Count;
            }
        }
        return new QueueOperationResult(count, $"deleted: {count} message(s)");
    }

    private QueueOperationResult Logged(QueueOperationResult result)
    {
        _logger.LogInformation("{Text} (by the admin)", result.Text);
        return result;
    }

    private bool IsQueued(string queueId) => Enum.GetValues<QueueState>().Any(state => File.Exists(_spool.PathOf(state, queueId)));

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

    /// <summary>Whether a message, wherever it is now, has a pending recipient in <paramref name="domain"/> (<c>@domain</c>: or below).</summary>
    private bool HasPendingRecipientIn(string queueId, string domain)
    {
        var withSubdomains = domain.StartsWith('@');
        var name = domain.TrimStart('@');
        foreach (var state in (QueueState[])[QueueState.Deferred, QueueState.Incoming, QueueState.Active])
        {
            try
            {
                using var message = _spool.OpenReadOnly(queueId, state);
                return message.Envelope.Recipients.Any(r =>
                {
                    if (r.Status != RecipientStatus.Pending)
                    {
                        return false;
                    }
                    var at = r.Address.LastIndexOf('@');
                    var recipientDomain = at >= 0 ? r.Address[(at + 1)..] : "";
                    return recipientDomain.Equals(name, StringComparison.OrdinalIgnoreCase)
                           || (withSubdomains && recipientDomain.EndsWith("." + name, StringComparison.OrdinalIgnoreCase));
                });
            }
            catch (IOException)
            {
                // moved meanwhile: look in the next state
            }
            catch (QueueFileException)
            {
                return false;
            }
        }
        return false;
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
        await foreach (var id in _work.Reader.ReadAllAsync(cancellationToken))
        {
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
        _spool.WriteDeferLog(id, deferred);
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
                _spool.RemoveDeferLog(id);
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
        var delay = (_time.GetUtcNow() - message.Envelope.ArrivalTime).TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture);
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
