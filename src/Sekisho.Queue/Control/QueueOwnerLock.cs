namespace Sekisho.Queue.Control;

/// <summary>
/// The lock on <c>queue_directory/master.lock</c> a running server holds (an exclusive advisory lock, like Postfix's
/// <c>master.pid</c>): a second server on the same queue refuses to start, and <c>sekisho queue</c> knows whether to
/// talk to the running server or may change the queue itself.
/// </summary>
public sealed class QueueOwnerLock : IDisposable
{
    /// <summary>The lock file's name in the queue directory.</summary>
    public const string FileName = "master.lock";

    private readonly FileStream _file;

    private QueueOwnerLock(FileStream file) => _file = file;

    /// <summary>Takes the lock, or returns null when another process (or this one) holds it.</summary>
    /// <param name="queueDirectory">The queue directory.</param>
    public static QueueOwnerLock? TryAcquire(string queueDirectory)
    {
        Directory.CreateDirectory(queueDirectory);
        try
        {
            var file = new FileStream(Path.Combine(queueDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true))
            {
                writer.WriteLine(Environment.ProcessId);
            }
            file.Flush();
            return new QueueOwnerLock(file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();
}
