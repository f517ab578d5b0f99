using Microsoft.Extensions.Logging;

namespace Sekisho.Queue;

/// <content>
/// The admin's operations (<c>sekisho queue flush|hold|release|delete|requeue</c>, ETRN): each takes the queue lock,
/// so it is ordered with the workers' own moves, and a message being delivered gets the request when its attempt ends.
/// </content>
public sealed partial class QueueManager
{
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
                    _flushing.TryRemove(queueId, out _);
                    _spool.Remove(queueId, state);
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
}
