using Sekisho.Queue.Files;
using Sekisho.Storage;

namespace Sekisho.Queue;

/// <summary>
/// The queue on disk: one folder per <see cref="QueueState"/>. A message being received is written as
/// <c>incoming/.ID</c> (a name no queue scan takes) and renamed to <c>incoming/ID</c> once fsynced, so one fsync of
/// <c>incoming</c>, shared by concurrent commits, makes it durable. The only code that creates, moves or removes
/// queue files. (<c>tmp</c> held files being written in earlier versions; it is still emptied at start.)
/// </summary>
public sealed class Spool
{
    private readonly QueueId _ids = new();

    /// <summary>
    /// Whether <see cref="DeferLogDirectory"/> held files when the spool was opened. Nothing adds any since, so when it
    /// was empty, removing a message skips the (failing) unlink of its old defer log.
    /// </summary>
    private readonly bool _hasLegacyDeferLogs;
    private readonly string[] _directories;

    /// <summary>Opens (and creates if needed) the spool under <paramref name="queueDirectory"/>.</summary>
    /// <param name="queueDirectory">The <c>queue_directory</c>.</param>
    public Spool(string queueDirectory)
    {
        Root = Path.GetFullPath(queueDirectory);
        TemporaryDirectory = Path.Combine(Root, "tmp");
        DurableFile.CreateDirectory(TemporaryDirectory);
        var states = Enum.GetValues<QueueState>();
        _directories = new string[states.Length];
        foreach (var state in states)
        {
            _directories[(int)state] = Path.Combine(Root, state.ToString().ToLowerInvariant());
            DurableFile.CreateDirectory(DirectoryOf(state));
        }
        DeferLogDirectory = Path.Combine(Root, "defer");
        DurableFile.CreateDirectory(DeferLogDirectory);
        using var legacy = Directory.EnumerateFiles(DeferLogDirectory).GetEnumerator();
        _hasLegacyDeferLogs = legacy.MoveNext();
    }

    /// <summary>
    /// <c>queue/defer</c>: where earlier versions kept, per message, why its recipients were last deferred
    /// (<c>address TAB reason</c> lines). The reasons now live in the queue file itself (a trailer after the content,
    /// see <see cref="QueuedMessage.SetDeferReasons"/>), so nothing is written here any more: a file left by an earlier
    /// version is still shown by <c>sekisho queue list</c> while its message has no trailer, and is deleted with its
    /// message.
    /// </summary>
    public string DeferLogDirectory { get; }

    /// <summary>The queue directory.</summary>
    public string Root { get; }

    internal string TemporaryDirectory { get; }

    /// <summary>Allocates a new queue id.</summary>
    public string NewQueueId() => _ids.Next();

    /// <summary>The folder of a state, e.g. <c>queue/incoming</c>.</summary>
    /// <param name="state">The state.</param>
    public string DirectoryOf(QueueState state) => _directories[(int)state];

    /// <summary>The path of a message in a state.</summary>
    /// <param name="state">The state.</param>
    /// <param name="queueId">The id.</param>
    public string PathOf(QueueState state, string queueId) => Path.Combine(DirectoryOf(state), queueId);

    /// <summary>
    /// Starts writing a message. Nothing is visible to the queue manager until
    /// <see cref="SpoolWriter.CommitAsync"/> returns; disposing an uncommitted writer deletes its file.
    /// </summary>
    /// <param name="queueId">An id from <see cref="NewQueueId"/>.</param>
    /// <param name="envelope">Sender and recipients.</param>
    /// <param name="cancellationToken">Cancels the header write.</param>
    public async Task<SpoolWriter> CreateAsync(string queueId, QueueEnvelope envelope, CancellationToken cancellationToken)
    {
        var header = QueueFileFormat.WriteHeader(queueId, envelope, out var sizeOffset, out _);
        var path = Path.Combine(DirectoryOf(QueueState.Incoming), "." + queueId);
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.Asynchronous);
        try
        {
            await stream.WriteAsync(header, cancellationToken);
        }
        catch
        {
            await stream.DisposeAsync();
            File.Delete(path);
            throw;
        }
        return new SpoolWriter(this, queueId, path, stream, sizeOffset);
    }

    /// <summary>Lists the ids in a state, oldest first.</summary>
    /// <param name="state">The state.</param>
    public IReadOnlyList<string> List(QueueState state)
    {
        var ids = new List<string>();
        foreach (var file in Directory.EnumerateFiles(DirectoryOf(state)))
        {
            var name = Path.GetFileName(file);
            if (QueueId.IsValid(name))
            {
                ids.Add(name);
            }
        }
        ids.Sort(static (a, b) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b));
        return ids;
    }

    /// <summary>Moves a message between states. Atomic; not fsynced (a crash leaves it in one of the two, both scanned).</summary>
    /// <param name="queueId">The id.</param>
    /// <param name="from">Where it is.</param>
    /// <param name="to">Where it goes.</param>
    public void Move(string queueId, QueueState from, QueueState to) =>
        File.Move(PathOf(from, queueId), PathOf(to, queueId), overwrite: false);

    /// <summary>Removes a delivered message (its deferral reasons go with it, and so does an earlier version's defer log).</summary>
    /// <param name="queueId">The id.</param>
    /// <param name="state">Where it is.</param>
    public void Remove(string queueId, QueueState state)
    {
        File.Delete(PathOf(state, queueId));
        if (!_hasLegacyDeferLogs)
        {
            return;
        }
        try
        {
            File.Delete(Path.Combine(DeferLogDirectory, queueId));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Informational only: the message itself is gone, which is what matters.
        }
    }

    /// <summary>Opens a message for reading.</summary>
    /// <param name="queueId">The id.</param>
    /// <param name="state">Where it is.</param>
    /// <exception cref="QueueFileException">The file is not a valid queue file.</exception>
    public QueuedMessage Open(string queueId, QueueState state) => QueuedMessage.Open(PathOf(state, queueId));

    /// <summary>Opens a message for reading only (statuses cannot be changed through it), e.g. for listing.</summary>
    /// <param name="queueId">The id.</param>
    /// <param name="state">Where it is.</param>
    /// <exception cref="QueueFileException">The file is not a valid queue file.</exception>
    public QueuedMessage OpenReadOnly(string queueId, QueueState state) => QueuedMessage.Open(PathOf(state, queueId), writable: false);

    /// <summary>
    /// The deferral reasons an earlier version wrote to <c>defer/ID</c>, by recipient address; empty when there are
    /// none. For messages whose queue file has no trailer yet.
    /// </summary>
    /// <param name="queueId">The id.</param>
    internal IReadOnlyDictionary<string, string> ReadLegacyDeferLog(string queueId)
    {
        var reasons = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var path = Path.Combine(DeferLogDirectory, queueId);
        if (!_hasLegacyDeferLogs || !File.Exists(path))
        {
            return reasons;
        }
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var tab = line.IndexOf('\t');
                if (tab > 0)
                {
                    reasons[line[..tab]] = line[(tab + 1)..];
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
        return reasons;
    }

    /// <summary>
    /// Deletes the files a crash left half-written (<c>incoming/.ID</c>, and <c>tmp</c> of earlier versions): their
    /// clients never got a 250. Call before accepting mail.
    /// </summary>
    /// <returns>How many were removed.</returns>
    public int RemoveLeftoverTemporaryFiles()
    {
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(TemporaryDirectory))
        {
            File.Delete(file);
            count++;
        }
        foreach (var file in Directory.EnumerateFiles(DirectoryOf(QueueState.Incoming), ".*"))
        {
            File.Delete(file);
            count++;
        }
        return count;
    }

    /// <summary>
    /// Renames a written, fsynced <c>incoming/.ID</c> to <c>incoming/ID</c> and returns once the rename is durable
    /// (one fsync of <c>incoming</c>, shared with the commits made meanwhile).
    /// </summary>
    internal ValueTask CommitFileAsync(string temporaryPath, string queueId) =>
        DurableFile.CommitAsync(temporaryPath, PathOf(QueueState.Incoming, queueId));
}
