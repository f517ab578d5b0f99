namespace Sekisho.Storage;

public static partial class DurableFile
{
    private static readonly Dictionary<string, DirectorySyncBatch> Batches = new(StringComparer.Ordinal);

    /// <summary>
    /// Flushes a folder's entries to disk like <see cref="SyncDirectory"/>, sharing the fsync with the other callers
    /// that changed the same folder meanwhile (group commit). Returns once a sync that started after this call has
    /// completed.
    /// </summary>
    /// <param name="directory">The folder to sync (a full path; the same spelling shares the batch).</param>
    /// <exception cref="IOException">The folder could not be opened or synced.</exception>
    public static async ValueTask SyncDirectoryAsync(string directory)
    {
        DirectorySyncBatch batch;
        long ticket;
        lock (Batches)
        {
            if (!Batches.TryGetValue(directory, out batch!))
            {
                Batches[directory] = batch = new DirectorySyncBatch();
            }
            batch.Users++;
            ticket = batch.TakeTicket();
        }
        try
        {
            await batch.SyncAsync(directory, ticket).ConfigureAwait(false);
        }
        finally
        {
            lock (Batches)
            {
                if (--batch.Users == 0)
                {
                    Batches.Remove(directory);
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Commit"/> with group-committed folder syncs: moves a complete, already-fsynced file into place and
    /// returns once the rename is durable in the destination folder (and the source folder when it differs).
    /// </summary>
    /// <param name="source">The file to move.</param>
    /// <param name="destination">Where it goes.</param>
    /// <param name="overwrite">Whether an existing destination may be replaced.</param>
    public static async ValueTask CommitAsync(string source, string destination, bool overwrite = false)
    {
        File.Move(source, destination, overwrite);
        var destinationDirectory = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        var sourceDirectory = Path.GetDirectoryName(Path.GetFullPath(source))!;
        await SyncDirectoryAsync(destinationDirectory).ConfigureAwait(false);
        if (!string.Equals(sourceDirectory, destinationDirectory, StringComparison.Ordinal))
        {
            await SyncDirectoryAsync(sourceDirectory).ConfigureAwait(false);
        }
    }
}
