namespace Sekisho.Queue.Control;

/// <summary>
/// Reads the queue for <c>sekisho queue list</c> and <c>show</c> without changing anything, so it is safe while the
/// server runs: a message moving between states meanwhile is shown once, or missed by this listing only.
/// </summary>
public static class QueueListing
{
    /// <summary>The states listed, in mailq's order of interest.</summary>
    public static IReadOnlyList<QueueState> ListedStates { get; } = [QueueState.Active, QueueState.Incoming, QueueState.Deferred, QueueState.Hold];

    /// <summary>Every readable message in the listed states, oldest first.</summary>
    /// <param name="spool">The queue.</param>
    public static IReadOnlyList<QueueEntry> Read(Spool spool)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<QueueEntry>();
        foreach (var state in ListedStates)
        {
            foreach (var id in spool.List(state))
            {
                if (seen.Add(id) && TryRead(spool, id, state) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }
        entries.Sort(static (a, b) => a.Envelope.ArrivalTime.CompareTo(b.Envelope.ArrivalTime));
        return entries;
    }

    /// <summary>Finds one message in any state, or null.</summary>
    /// <param name="spool">The queue.</param>
    /// <param name="queueId">The id.</param>
    public static QueueEntry? Find(Spool spool, string queueId)
    {
        if (!QueueId.IsValid(queueId))
        {
            return null;
        }
        foreach (var state in ListedStates.Append(QueueState.Corrupt))
        {
            if (TryRead(spool, queueId, state) is { } entry)
            {
                return entry;
            }
        }
        return null;
    }

    /// <summary>Opens a message's content for reading, wherever it is; null when it is gone.</summary>
    /// <param name="spool">The queue.</param>
    /// <param name="entry">The message.</param>
    public static Stream? OpenContent(Spool spool, QueueEntry entry)
    {
        try
        {
            using var message = spool.OpenReadOnly(entry.QueueId, entry.State);
            return message.OpenContent();
        }
        catch (Exception exception) when (exception is IOException or QueueFileException)
        {
            return null;
        }
    }

    private static QueueEntry? TryRead(Spool spool, string id, QueueState state)
    {
        try
        {
            using var message = spool.OpenReadOnly(id, state);
            // The reasons are in the queue file's trailer; a message queued by an earlier version may have them in defer/ID.
            var reasons = message.TryReadDeferReasons(out var stored) ? stored : spool.ReadLegacyDeferLog(id);
            return new QueueEntry(id, state, message.Size, message.Envelope, reasons);
        }
        catch (Exception exception) when (exception is IOException or QueueFileException or UnauthorizedAccessException)
        {
            return null; // moved or removed meanwhile
        }
    }
}
