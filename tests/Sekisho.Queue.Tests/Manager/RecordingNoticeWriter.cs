using System.Collections.Concurrent;

namespace Sekisho.Queue.Tests.Manager;

/// <summary>Records the notices the queue manager asks for, without queueing anything.</summary>
internal sealed class RecordingNoticeWriter : IBounceWriter
{
    public ConcurrentQueue<(string QueueId, NoticeKind Kind, string[] Recipients)> Notices { get; } = new();

    public Task<string?> WriteAsync(QueuedMessage original, IReadOnlyList<(QueueRecipient Recipient, RecipientResult Result)> recipients, NoticeKind kind,
        CancellationToken cancellationToken)
    {
        Notices.Enqueue((original.QueueId, kind, recipients.Select(r => r.Recipient.Address).ToArray()));
        return Task.FromResult<string?>(null);
    }
}
