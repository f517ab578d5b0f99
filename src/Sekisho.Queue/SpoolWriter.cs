using Sekisho.Queue.Files;

namespace Sekisho.Queue;

/// <summary>
/// A message being written into the spool. Append the content as it arrives, then
/// <see cref="CommitAsync"/>: the file is fsynced and renamed into <c>incoming</c>, and only then may the
/// server answer 250. Disposing without a commit deletes the partial file.
/// </summary>
public sealed class SpoolWriter : IAsyncDisposable
{
    private readonly Spool _spool;
    private readonly string _path;
    private readonly FileStream _stream;
    private readonly int _sizeOffset;
    private long _bodySize;
    private bool _committed;

    internal SpoolWriter(Spool spool, string queueId, string path, FileStream stream, int sizeOffset)
    {
        _spool = spool;
        QueueId = queueId;
        _path = path;
        _stream = stream;
        _sizeOffset = sizeOffset;
    }

    /// <summary>The message's queue id.</summary>
    public string QueueId { get; }

    /// <summary>Message bytes written so far.</summary>
    public long BodySize => _bodySize;

    /// <summary>Appends message content.</summary>
    /// <param name="content">The bytes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async ValueTask AppendAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        await _stream.WriteAsync(content, cancellationToken);
        _bodySize += content.Length;
    }

    /// <summary>Makes the message durable and visible to the queue manager.</summary>
    /// <param name="cancellationToken">Cancels before the data is synced; after that the commit completes.</param>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        _stream.Position = _sizeOffset;
        await _stream.WriteAsync(QueueFileFormat.FormatSize(_bodySize), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
        _stream.Flush(flushToDisk: true);
        await _stream.DisposeAsync();
        await _spool.CommitFileAsync(_path, QueueId);
        _committed = true;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_committed)
        {
            return;
        }
        _committed = true;
        await _stream.DisposeAsync();
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
            // Left for RemoveLeftoverTemporaryFiles at the next start.
        }
    }
}
