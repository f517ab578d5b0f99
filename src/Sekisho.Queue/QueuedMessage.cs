using Microsoft.Win32.SafeHandles;
using Sekisho.Queue.Files;

namespace Sekisho.Queue;

/// <summary>
/// A message in the queue, opened for delivery: the envelope, the content, in-place status updates, and the deferral
/// reasons kept after the content (see <see cref="QueueFileFormat"/>).
/// </summary>
public sealed class QueuedMessage : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoReasons = new Dictionary<string, string>();

    private readonly string _path;
    private readonly SafeFileHandle _handle;
    private readonly FileStream _file;
    private readonly QueueFileHeader _header;
    private readonly bool _writable;
    private long _fileLength;

    private QueuedMessage(string path, SafeFileHandle handle, FileStream file, QueueFileHeader header, bool writable, long fileLength)
    {
        _path = path;
        _handle = handle;
        _file = file;
        _header = header;
        _writable = writable;
        _fileLength = fileLength;
        DelayWarned = header.DelayWarned;
    }

    /// <summary>The queue id.</summary>
    public string QueueId => _header.QueueId;

    /// <summary>Sender, recipients with their status, client.</summary>
    public QueueEnvelope Envelope => _header.Envelope;

    /// <summary>The message size in bytes, as the header records it (a deferral trailer after the content is not counted).</summary>
    public long Size => _header.BodySize;

    /// <summary>Where the content ends and the deferral trailer, if any, starts.</summary>
    private long ContentEnd => _header.BodyOffset + _header.BodySize;

    internal static QueuedMessage Open(string path, bool writable = true)
    {
        var access = writable ? FileAccess.ReadWrite : FileAccess.Read;
        var handle = File.OpenHandle(path, FileMode.Open, access, FileShare.ReadWrite);
        FileStream? file = null;
        try
        {
            file = new FileStream(handle, access, 4096);
            var header = QueueFileFormat.ReadHeader(file, out var problem)
                ?? throw new QueueFileException(problem);
            // Bytes after the content are the deferral trailer (possibly torn), never content: only a short file is corrupt.
            var length = file.Length;
            if (length < header.BodyOffset + header.BodySize)
            {
                throw new QueueFileException($"size mismatch: header says {header.BodySize} bytes, file has {length - header.BodyOffset}");
            }
            return new QueuedMessage(path, handle, file, header, writable, length);
        }
        catch
        {
            if (file is null)
            {
                handle.Dispose();
            }
            else
            {
                file.Dispose();
            }
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

    /// <summary>
    /// Opens a fresh read-only stream over the message content (independent of other readers): exactly
    /// <see cref="Size"/> bytes, ending where the deferral trailer starts.
    /// </summary>
    public Stream OpenContent()
    {
        var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
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

    /// <summary>
    /// Replaces the deferral reasons kept after the content, for <c>sekisho queue list</c>: one positional write, then
    /// the file is cut after it if the previous trailer was longer. Not synced, as the reasons are informational: a
    /// crash may leave a torn trailer, which reads as no reasons.
    /// </summary>
    /// <param name="reasons">Recipient address and reason (CR and LF in a reason are stored as spaces).</param>
    /// <returns>False when the file could not be written (e.g. the disk is full); the message itself is unharmed.</returns>
    /// <exception cref="InvalidOperationException">The message was opened read-only.</exception>
    public bool SetDeferReasons(IReadOnlyList<(string Address, string Reason)> reasons)
    {
        if (!_writable)
        {
            throw new InvalidOperationException("the message was opened read-only");
        }
        try
        {
            var end = DeferTrailer.Write(_handle, ContentEnd, reasons);
            if (end < _fileLength)
            {
                RandomAccess.SetLength(_handle, end);
            }
            _fileLength = end;
            return true;
        }
        catch (IOException)
        {
            _fileLength = long.MaxValue; // unknown now: cut the file at the next write
            return false;
        }
    }

    /// <summary>The deferral reasons by recipient address (case-insensitive); empty when none are recorded or the trailer is torn.</summary>
    public IReadOnlyDictionary<string, string> ReadDeferReasons() => TryReadDeferReasons(out var reasons) ? reasons : NoReasons;

    /// <summary>
    /// Reads the deferral reasons after the content; false when nothing follows the content (never deferred, or a file
    /// of an earlier version, whose reasons may be in <see cref="Spool.DeferLogDirectory"/>). A torn or damaged trailer,
    /// or one that cannot be read, gives true and no reasons.
    /// </summary>
    internal bool TryReadDeferReasons(out IReadOnlyDictionary<string, string> reasons)
    {
        try
        {
            var stored = DeferTrailer.Read(_handle, ContentEnd);
            reasons = stored ?? NoReasons;
            return stored is not null;
        }
        catch (IOException)
        {
            reasons = NoReasons;
            return true;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();
}
