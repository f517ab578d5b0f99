namespace Sekisho.Storage;

/// <summary>
/// Group commit of one folder's fsync: the callers that changed the folder (created or renamed an entry) while an
/// fsync of it was running share the next one, instead of each paying its own. A caller returns only once an fsync
/// that <em>started after its change</em> has completed, so every change is as durable as with a private fsync.
/// </summary>
/// <remarks>
/// A caller takes a ticket after its change; the fsync leader first reads the highest ticket handed out, then syncs,
/// then records that ticket as covered. A waiter whose ticket is covered returns without syncing. With 20 sessions
/// committing at once, one fsync typically covers several of them.
/// </remarks>
internal sealed class DirectorySyncBatch
{
    private readonly SemaphoreSlim _leader = new(1, 1);
    private long _requested;
    private long _covered;

    /// <summary>Callers registered in the shared table (see <see cref="DurableFile.SyncDirectoryAsync"/>).</summary>
    public int Users { get; set; }

    /// <summary>A ticket for a change made before this call.</summary>
    public long TakeTicket() => Interlocked.Increment(ref _requested);

    /// <summary>Returns once an fsync that started after <paramref name="ticket"/> was taken has completed.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="ticket">From <see cref="TakeTicket"/>.</param>
    /// <exception cref="IOException">This caller's fsync failed (waiters then sync for themselves).</exception>
    public async ValueTask SyncAsync(string directory, long ticket)
    {
        // Not cancellable: the caller has made a change it is about to report as durable.
        await _leader.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _covered) >= ticket)
            {
                return;
            }
            var covers = Volatile.Read(ref _requested);
            DurableFile.SyncDirectory(directory);
            Volatile.Write(ref _covered, covers);
        }
        finally
        {
            _leader.Release();
        }
    }
}
