using Sekisho.Delivery.Unix;
using Sekisho.Queue;

namespace Sekisho.Delivery.Mbox;

/// <summary>
/// The <c>file</c> transport: delivers to aliases(5) <c>/file</c> targets (allowed by <c>allow_mail_to_files</c>)
/// by appending the message in mbox format (see <see cref="MboxWriter"/>), holding an exclusive lock while
/// writing and syncing the file before reporting success; a failed append is cut off again. The recipient's
/// <c>NextHop</c> is the path. Not absolute or a directory: bounced. Other failures: deferred.
/// </summary>
/// <remarks>
/// Running as an ordinary user, the server creates a missing file (mode 0600). Running as root it writes the
/// file itself but only under <see cref="RootFileRule"/>: the file must exist, not be a symbolic link, and be
/// writable by <c>default_privs</c>. <c>/dev/null</c> always accepts mail. A delivery interrupted by a crash is
/// made again at the next start, so a mailbox may get a message twice.
/// </remarks>
public sealed class FileTransport : ITransport
{
    private const string Relay = "local";
    private const string DevNull = "/dev/null";
    private const int WouldBlock = 11; // EWOULDBLOCK on Linux: .NET's lock for FileShare.None is taken
    private const int SharingViolation = unchecked((int)0x80070020);

    private readonly string _defaultPrivs;
    private readonly TimeSpan _lockWait;

    /// <summary>Creates the transport.</summary>
    /// <param name="defaultPrivs">The <c>default_privs</c> user whose rights bound what root may append to.</param>
    /// <param name="lockWait">How long to wait for another writer's lock before deferring.</param>
    public FileTransport(string defaultPrivs, TimeSpan? lockWait = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(defaultPrivs);
        _defaultPrivs = defaultPrivs;
        _lockWait = lockWait ?? TimeSpan.FromSeconds(10);
    }

    /// <inheritdoc/>
    public string Name => "file";

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RecipientResult>> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var results = new List<RecipientResult>(request.Recipients.Count);
        foreach (var (_, recipient) in request.Recipients)
        {
            var path = recipient.NextHop;
            try
            {
                results.Add(await DeliverOneAsync(request.Message, path, cancellationToken));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                results.Add(RecipientResult.Deferred(Relay, $"cannot append message to file {path}: {exception.Message}"));
            }
        }
        return results;
    }

    private async Task<RecipientResult> DeliverOneAsync(QueuedMessage message, string path, CancellationToken cancellationToken)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            return RecipientResult.Bounced(Relay, $"cannot deliver to file {path}: not an absolute path");
        }
        if (path == DevNull)
        {
            return RecipientResult.Sent(Relay, "delivered to file: " + DevNull);
        }
        var status = FileStatus.Of(path, followLinks: !ProcessUser.IsRoot);
        if (status is { IsDirectory: true })
        {
            return RecipientResult.Bounced(Relay, $"cannot deliver to file {path}: is a directory");
        }
        SystemUser? user = null;
        if (ProcessUser.IsRoot)
        {
            user = await SystemUser.FindAsync(_defaultPrivs, cancellationToken);
            var problem = user is null ? $"default_privs user {_defaultPrivs} is not in {SystemUser.PasswordFile}"
                : user.Uid == 0 ? $"default_privs user {_defaultPrivs} is privileged (uid 0)"
                : RootFileRule.ProblemBeforeOpen(path, status, user);
            if (problem is not null)
            {
                return RecipientResult.Deferred(Relay, $"cannot deliver to file {path}: {problem}");
            }
        }
        else if (status is { IsRegularFile: false })
        {
            return RecipientResult.Deferred(Relay, $"cannot deliver to file {path}: not a regular file");
        }

        await using var file = await OpenLockedAsync(path, create: user is null, cancellationToken);
        if (user is not null && RootFileRule.ProblemAfterOpen(path, status!.Value, FileStatus.OfHandle(file.SafeFileHandle), user) is { } refused)
        {
            return RecipientResult.Deferred(Relay, $"cannot deliver to file {path}: {refused}");
        }
        await AppendAsync(message, file, cancellationToken);
        return RecipientResult.Sent(Relay, "delivered to file: " + path);
    }

    private static async Task AppendAsync(QueuedMessage message, FileStream file, CancellationToken cancellationToken)
    {
        var original = file.Seek(0, SeekOrigin.End);
        try
        {
            await using var content = message.OpenContent();
            var fromLine = MboxWriter.FromLine(message.Envelope.Sender, message.Envelope.ArrivalTime.ToLocalTime());
            await MboxWriter.WriteAsync(content, file, fromLine, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
        catch
        {
            file.SetLength(original); // leave no half message behind for the next one to be glued to
            file.Flush(flushToDisk: true);
            throw;
        }
    }

    private async Task<FileStream> OpenLockedAsync(string path, bool create, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = create ? FileMode.OpenOrCreate : FileMode.Open,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 65536,
        };
        if (create && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        var deadline = DateTime.UtcNow + _lockWait;
        while (true)
        {
            try
            {
                return new FileStream(path, options);
            }
            catch (IOException exception) when (exception.HResult is WouldBlock or SharingViolation && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken); // another writer holds the lock
            }
        }
    }
}
