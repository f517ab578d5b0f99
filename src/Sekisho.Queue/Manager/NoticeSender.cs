using Microsoft.Extensions.Logging;

namespace Sekisho.Queue;

/// <summary>
/// Decides which delivery status notifications a delivery pass calls for, following RFC 3461 NOTIFY (none given
/// means failures and delays), and queues them through the <see cref="IBounceWriter"/>: failures to the sender (to
/// the postmaster, once, for a message from the null sender), delay warnings once per message after
/// <c>delay_warning_time</c>, success reports when asked for and the next hop did not take the request on.
/// </summary>
internal sealed class NoticeSender
{
    private readonly IBounceWriter? _writer;
    private readonly TimeSpan _delayWarningTime;
    private readonly ILogger _logger;
    private readonly Action<string> _notify;

    public NoticeSender(IBounceWriter? writer, TimeSpan delayWarningTime, ILogger logger, Action<string> notify)
    {
        _writer = writer;
        _delayWarningTime = delayWarningTime;
        _logger = logger;
        _notify = notify;
    }

    /// <summary>Queues the notices for this pass's outcomes.</summary>
    /// <param name="message">The message.</param>
    /// <param name="outcomes">Recipient index and result of this pass (pending = deferred).</param>
    /// <param name="age">How long the message has been queued.</param>
    /// <param name="cancellationToken">Shutdown.</param>
    public async Task SendAsync(QueuedMessage message, IReadOnlyList<(int Index, RecipientResult Result)> outcomes, TimeSpan age, CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            return;
        }
        var envelope = message.Envelope;
        var fromNullSender = envelope.Sender.Length == 0;
        var failed = Select(message, outcomes, RecipientStatus.Bounced, DsnRequests.WantsFailure);
        if (failed.Count > 0)
        {
            if (envelope.IsPostmasterNotice)
            {
                _logger.LogInformation("{QueueId}: undeliverable postmaster notice discarded (a notice is never reported again)", message.QueueId);
            }
            else
            {
                await WriteAsync(message, failed, NoticeKind.Failure, fromNullSender ? "postmaster non-delivery notification" : "sender non-delivery notification", cancellationToken);
            }
        }
        if (fromNullSender)
        {
            return; // no success or delay notices about notices
        }
        var delivered = Select(message, outcomes, RecipientStatus.Sent, DsnRequests.WantsSuccess).Where(f => !f.Result.DsnPassedOn).ToList();
        if (delivered.Count > 0)
        {
            await WriteAsync(message, delivered, NoticeKind.Success, "sender delivery status notification", cancellationToken);
        }
        if (_delayWarningTime > TimeSpan.Zero && age >= _delayWarningTime && !message.DelayWarned)
        {
            var delayed = Select(message, outcomes, RecipientStatus.Pending, DsnRequests.WantsDelay);
            if (outcomes.Any(o => o.Result.Status == RecipientStatus.Pending))
            {
                message.MarkDelayWarned();
                if (delayed.Count > 0)
                {
                    await WriteAsync(message, delayed, NoticeKind.Delay, "sender delay notification", cancellationToken);
                }
            }
        }
    }

    private static List<(QueueRecipient Recipient, RecipientResult Result)> Select(QueuedMessage message, IReadOnlyList<(int Index, RecipientResult Result)> outcomes,
        RecipientStatus status, Func<DsnNotify, bool> wanted) =>
        outcomes.Where(o => o.Result.Status == status)
            .Select(o => (Recipient: message.Envelope.Recipients[o.Index], o.Result))
            .Where(o => wanted(o.Recipient.Notify))
            .ToList();

    private async Task WriteAsync(QueuedMessage message, List<(QueueRecipient Recipient, RecipientResult Result)> recipients, NoticeKind kind, string what,
        CancellationToken cancellationToken)
    {
        try
        {
            if (await _writer!.WriteAsync(message, recipients, kind, cancellationToken) is { } noticeId)
            {
                _logger.LogInformation("{QueueId}: {What}: {NoticeId}", message.QueueId, what, noticeId);
                _notify(noticeId);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogError("{QueueId}: cannot queue the {What}: {Problem}", message.QueueId, what, exception.Message);
        }
    }
}
