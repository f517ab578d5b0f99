using Sekisho.Queue.Files;

namespace Sekisho.Queue;

/// <summary>A message in the queue, opened for delivery: the envelope, the content, and in-place status updates.</summary>
public sealed class QueuedMessage : IDisposable
{
    private readonly FileStream _file;
    private readonly QueueFileHeader _header;

    private QueuedMessage(FileStream file, QueueFileHeader header)
    {
        _file = file;
        _header = header;
        DelayWarned = header.DelayWarned;
    }

    /// <summary>The queue id.</summary>
    public string QueueId => _header.QueueId;

    /// <summary>Sender, recipients with their status, client.</summary>
    public QueueEnvelope Envelope => _header.Envelope;

    /// <summary>The message size in bytes.</summary>
    public long Size => _header.BodySize;

    internal static QueuedMessage Open(string path, bool writable = true)
    {
        var file = new FileStream(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.None);
        try
        {
            var header = QueueFileFormat.ReadHeader(file, out var problem)
                ?? throw new QueueFileException(problem);
            if (file.Length != header.BodyOffset + header.BodySize)
            {
                throw new QueueFileException($"size mismatch: header says {header.BodySize} bytes, file has {file.Length - header.BodyOffset}");
            }
            return new QueuedMessage(file, header);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Whether a delay warning was already sent for this message.</summary>
    public bool DelayWarned { get; private set; }

    /// <summary>Records (durably) that the delay warning went out, so it is sent once per message.</summary>
    public void MarkDelayWarned()
    {
        DelayWarned = true;
        if (_header.WarnedOffset < 0)
        {
            return; // a file of an earlier version: warned again after a restart at worst
        }
        _file.Position = _header.WarnedOffset;
        _file.WriteByte((byte)'1');
        _file.Flush(flushToDisk: true);
    }

    /// <summary>Opens a fresh read-only stream over the message content (independent of other readers).</summary>
    public Stream OpenContent()
    {
        var stream = new FileStream(_file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return new ContentStream(stream, _header.BodyOffset, _header.BodySize);
    }

    /// <summary>Records final statuses in the file and syncs it, so these recipients are never tried again.</summary>
    /// <param name="updates">Recipient index and new status.</param>
    public void SetStatuses(IEnumerable<(int Index, RecipientStatus Status)> updates)
    {
        var any = false;
        foreach (var (index, status) in updates)
        {
            _file.Position = _header.StatusOffsets[index];
            _file.WriteByte((byte)status);
            any = true;
        }
        if (any)
        {
            _file.Flush(flushToDisk: true);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();
}
