using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Sekisho.Queue;

/// <summary>
/// Moves messages incoming → active → (removed | deferred), handing each recipient to its transport and
/// recording final statuses in the queue file so a delivered recipient is never sent again. At start-up
/// it takes back what a crash left in <c>active</c> and clears half-written files from <c>tmp</c>.
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
    }

    /// <summary>Tells the manager a message was committed to <c>incoming</c>.</summary>
    /// <param name="queueId">The id.</param>
    public void Notify(string queueId) => _work.Writer.TryWrite(queueId);

    /// <summary>Writes non-delivery reports for recipients that fail for good; null: none are sent.</summary>
    public IBounceWriter? Bounces { get; init; }

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

    /// <summary>Moves every deferred message whose time has come (or all, with <paramref name="all"/>) back for delivery.</summary>
    /// <param name="all">Ignore the retry time (a flush).</param>
    /// <returns>How many were moved.</returns>
    public int ReleaseDeferred(bool all)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var count = 0;
        foreach (var id in _spool.List(QueueState.Deferred))
        {
            var path = _spool.PathOf(QueueState.Deferred, id);
            try
            {
                if (!all && File.GetLastWriteTimeUtc(path) > now)
                {
                    continue;
                }
                _spool.Move(id, QueueState.Deferred, QueueState.Incoming);
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
            ReleaseDeferred(all: false);
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
        try
        {
            _spool.Move(id, QueueState.Incoming, QueueState.Active);
        }
        catch (FileNotFoundException)
        {
            return; // already taken
        }
        catch (IOException) when (!File.Exists(_spool.PathOf(QueueState.Incoming, id)))
        {
            return;
        }

        QueuedMessage message;
        try
        {
            message = _spool.Open(id, QueueState.Active);
        }
        catch (QueueFileException exception)
        {
            _spool.Move(id, QueueState.Active, QueueState.Corrupt);
            _logger.LogWarning("{QueueId}: corrupt queue file ({Problem}); moved to the corrupt queue", id, exception.Message);
            return;
        }

        var finished = false;
        DateTimeOffset arrival;
        using (message)
        {
            var envelope = message.Envelope;
            arrival = envelope.ArrivalTime;
            _logger.LogInformation("{QueueId}: from=<{Sender}>, size={Size}, nrcpt={Count} (queue active)",
                id, envelope.Sender, message.Size, envelope.Recipients.Count);
            var mayHaveBeenDelivered = _recovered.TryRemove(id, out _);
            var outcomes = new List<(int Index, RecipientResult Result)>();
            foreach (var group in PendingByTransport(envelope))
            {
                var request = new DeliveryRequest(message, group.Value, mayHaveBeenDelivered);
                IReadOnlyList<RecipientResult> results;
                if (_transports.TryGetValue(group.Key, out var transport))
                {
                    try
                    {
                        results = await transport.DeliverAsync(request, cancellationToken);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        _logger.LogError(exception, "{QueueId}: transport {Transport} failed", id, group.Key);
                        var failed = RecipientResult.Deferred(group.Key, "temporary failure: " + exception.Message);
                        results = group.Value.Select(_ => failed).ToList();
                    }
                }
                else
                {
                    var unavailable = RecipientResult.Deferred("none", $"delivery temporarily suspended: transport {group.Key} is not available");
                    results = group.Value.Select(_ => unavailable).ToList();
                }
                for (var i = 0; i < group.Value.Count; i++)
                {
                    var (index, recipient) = group.Value[i];
                    var result = Expire(envelope, results[i]);
                    outcomes.Add((index, result));
                    LogOutcome(message, recipient, result);
                }
            }

            await BounceAsync(message, outcomes, cancellationToken);
            var stillPending = envelope.Recipients.Count(r => r.Status == RecipientStatus.Pending)
                - outcomes.Count(o => o.Result.Status != RecipientStatus.Pending);
            if (stillPending == 0)
            {
                finished = true;
            }
            else
            {
                message.SetStatuses(outcomes.Where(o => o.Result.Status != RecipientStatus.Pending).Select(o => (o.Index, o.Result.Status)));
            }
        }

        if (finished)
        {
            _spool.Remove(id, QueueState.Active);
            _logger.LogInformation("{QueueId}: removed", id);
            return;
        }
        var path = _spool.PathOf(QueueState.Active, id);
        var age = _time.GetUtcNow() - arrival;
        var backoff = TimeSpan.FromTicks(Math.Clamp(age.Ticks, _options.MinimalBackoff.Ticks, _options.MaximalBackoff.Ticks));
        File.SetLastWriteTimeUtc(path, (_time.GetUtcNow() + backoff).UtcDateTime);
        _spool.Move(id, QueueState.Active, QueueState.Deferred);
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

    /// <summary>
    /// Tells the sender about recipients that failed for good in this pass. A message from the null sender (a bounce
    /// itself) is never bounced; a report that cannot be queued is logged (the recipients stay bounced).
    /// </summary>
    private async Task BounceAsync(QueuedMessage message, List<(int Index, RecipientResult Result)> outcomes, CancellationToken cancellationToken)
    {
        var failed = outcomes.Where(o => o.Result.Status == RecipientStatus.Bounced)
            .Select(o => (message.Envelope.Recipients[o.Index], o.Result)).ToList();
        if (failed.Count == 0 || Bounces is null)
        {
            return;
        }
        if (message.Envelope.Sender.Length == 0)
        {
            _logger.LogInformation("{QueueId}: no non-delivery notification: the sender is the null address (a bounce is never bounced)", message.QueueId);
            return;
        }
        try
        {
            if (await Bounces.WriteAsync(message, failed, NoticeKind.Failure, cancellationToken) is { } bounceId)
            {
                _logger.LogInformation("{QueueId}: sender non-delivery notification: {BounceId}", message.QueueId, bounceId);
                Notify(bounceId);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogError("{QueueId}: cannot queue the non-delivery notification: {Problem}", message.QueueId, exception.Message);
        }
    }

    private static Dictionary<string, List<(int Index, QueueRecipient Recipient)>> PendingByTransport(QueueEnvelope envelope)
    {
        var groups = new Dictionary<string, List<(int, QueueRecipient)>>(StringComparer.Ordinal);
        for (var i = 0; i < envelope.Recipients.Count; i++)
        {
            var recipient = envelope.Recipients[i];
            if (recipient.Status != RecipientStatus.Pending)
            {
                continue;
            }
            if (!groups.TryGetValue(recipient.Transport, out var list))
            {
                groups[recipient.Transport] = list = [];
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
