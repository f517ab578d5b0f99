using Sekisho.Storage;

namespace Sekisho.Queue.Pickup;

/// <summary>
/// Writes one locally submitted message into the maildrop folder: <c>.NAME</c> while being written, fsynced and
/// renamed to <c>NAME</c> on <see cref="CommitAsync"/>, with the folder fsynced, so a submission that returned is
/// never lost. Disposing an uncommitted writer deletes its file. Used by the <c>sendmail</c> command as the invoking
/// user.
/// </summary>
public sealed class MaildropWriter : IAsyncDisposable
{
    /// <summary>rw-r--r--: the server reads it even when it does not run as root (the folder cannot be listed).</summary>
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly string _folder;
    private readonly string _temporaryPath;
    private readonly FileStream _stream;
    private bool _done;

    private MaildropWriter(string folder, string name, string temporaryPath, FileStream stream)
    {
        _folder = folder;
        Name = name;
        _temporaryPath = temporaryPath;
        _stream = stream;
    }

    /// <summary>The file's name once committed (also the id the server logs it under).</summary>
    public string Name { get; }

    /// <summary>Bytes of content written so far.</summary>
    public long ContentSize { get; private set; }

    /// <summary>Creates the file and writes the envelope.</summary>
    /// <param name="folder">The maildrop folder (<see cref="MaildropFolder.PathIn"/>).</param>
    /// <param name="envelope">The envelope.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="IOException">The folder is missing or not writable (<see cref="UnauthorizedAccessException"/>).</exception>
    public static async Task<MaildropWriter> CreateAsync(string folder, MaildropEnvelope envelope, CancellationToken cancellationToken)
    {
        var name = MaildropFolder.NewFileName();
        var temporary = Path.Combine(folder, "." + name);
        var options = new FileStreamOptions
        {
            Mode = System.IO.FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 64 * 1024,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }
        var stream = new FileStream(temporary, options);
        var writer = new MaildropWriter(folder, name, temporary, stream);
        try
        {
            await stream.WriteAsync(MaildropFormat.WriteEnvelope(envelope), cancellationToken);
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
        return writer;
    }

    /// <summary>Appends message content (CRLF line ends).</summary>
    /// <param name="content">The bytes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async ValueTask AppendAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        await _stream.WriteAsync(content, cancellationToken);
        ContentSize += content.Length;
    }

    /// <summary>
    /// Fsyncs the file, renames it into place and makes the rename durable: from here the server will pick it up. Only
    /// the folder's owner may open it to fsync it, so another user's rename is made durable with <c>syncfs(2)</c>
    /// (<see cref="DurableFile.SyncRenameIn"/>).
    /// </summary>
    /// <param name="cancellationToken">Cancels before the rename.</param>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        await _stream.FlushAsync(cancellationToken);
        _stream.Flush(flushToDisk: true);
        cancellationToken.ThrowIfCancellationRequested();
        File.Move(_temporaryPath, Path.Combine(_folder, Name));
        _done = true;
        try
        {
            DurableFile.SyncRenameIn(_folder, _stream.SafeFileHandle);
        }
        finally
        {
            await _stream.DisposeAsync();
        }
    }

    /// <summary>Deletes the file unless it was committed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_done)
        {
            return;
        }
        _done = true;
        await _stream.DisposeAsync();
        try
        {
            File.Delete(_temporaryPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A leftover ".NAME" is never picked up; the server removes old ones.
        }
    }
}
