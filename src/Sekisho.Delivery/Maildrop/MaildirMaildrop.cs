using Sekisho.Delivery.Local;
using Sekisho.Storage;

namespace Sekisho.Delivery.Maildrop;

/// <summary>
/// One POP3 session's view of an account's Maildir (RFC 1939): locked against other sessions, a snapshot of
/// <c>new/</c> and <c>cur/</c> numbered from 1, message content as streams, DELE marks undone by RSET, and the
/// UPDATE state as <see cref="Commit"/>. Nothing on disk changes before <see cref="Commit"/>, so a lost connection
/// (dispose without commit) leaves the Maildir as it was. Not thread-safe: one session drives it.
/// </summary>
/// <remarks>
/// <para>The snapshot is taken when the maildrop opens: mail delivered later is not shown until the next session,
/// and commit leaves it alone. Messages are ordered by their file's modification time (when delivery finished),
/// then by name. Dot files are skipped, as the Maildir spec says; <c>tmp/</c> is never looked at.</para>
/// <para>If another program moves or re-flags a message during the session, the maildrop finds it again by its
/// unique name; if the file is gone, that message answers <see cref="MaildropLookup.Vanished"/>.</para>
/// <para>File system calls are synchronous (there is no asynchronous directory API); a session that must not block
/// its thread can run <see cref="Open"/> and <see cref="Commit"/> on the thread pool.</para>
/// </remarks>
public sealed class MaildirMaildrop : IDisposable
{
    private static readonly string[] Folders = ["new", "cur"];

    private readonly MaildropLock _lock;
    private readonly List<MaildropMessage> _messages;
    private bool _committed;
    private bool _disposed;

    private MaildirMaildrop(string maildir, MaildropLock heldLock, List<MaildropMessage> messages)
    {
        MaildirPath = maildir;
        _lock = heldLock;
        _messages = messages;
    }

    /// <summary>The Maildir folder.</summary>
    public string MaildirPath { get; }

    /// <summary>Every message of the snapshot in number order, those marked deleted included.</summary>
    public IReadOnlyList<MaildropMessage> Messages => _messages;

    /// <summary>How many messages are not marked deleted (STAT's first number).</summary>
    public int Count => _messages.Count(m => !m.IsDeleted);

    /// <summary>Their total size in octets (STAT's second number).</summary>
    public long TotalSize => _messages.Where(m => !m.IsDeleted).Sum(m => m.Size);

    /// <summary>
    /// Opens the Maildir for one session: creates <c>tmp</c>, <c>new</c> and <c>cur</c> if missing, takes the lock
    /// without waiting, and reads the snapshot.
    /// </summary>
    /// <param name="maildir">The account's Maildir, e.g. <c>LocalTransport.MaildirOf(account)</c>.</param>
    /// <returns>The open maildrop, or why there is none; never throws for file system trouble.</returns>
    /// <exception cref="ArgumentException"><paramref name="maildir"/> is null or empty.</exception>
    public static MaildropOpenResult Open(string maildir)
    {
        ArgumentException.ThrowIfNullOrEmpty(maildir);
        MaildropLock? heldLock = null;
        try
        {
            MaildirWriter.EnsureCreated(maildir);
            heldLock = MaildropLock.TryAcquire(maildir);
            if (heldLock is null)
            {
                return new MaildropOpenResult(MaildropOpenStatus.InUse, null, $"{maildir} is locked by another POP3 session");
            }
            var maildrop = new MaildirMaildrop(maildir, heldLock, Scan(maildir));
            return new MaildropOpenResult(MaildropOpenStatus.Opened, maildrop, null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            heldLock?.Dispose();
            return new MaildropOpenResult(MaildropOpenStatus.Failed, null, $"cannot open maildir {maildir}: {exception.Message}");
        }
    }

    /// <summary>Looks a message up for LIST n and UIDL n.</summary>
    /// <param name="number">The message number.</param>
    /// <param name="message">The message when found.</param>
    /// <returns><see cref="MaildropLookup.Found"/>, <see cref="MaildropLookup.NoSuchMessage"/> or <see cref="MaildropLookup.Deleted"/>.</returns>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    /// <exception cref="InvalidOperationException">Already committed.</exception>
    public MaildropLookup TryGetMessage(int number, out MaildropMessage? message)
    {
        ThrowIfFinished();
        message = null;
        if (number < 1 || number > _messages.Count)
        {
            return MaildropLookup.NoSuchMessage;
        }
        message = _messages[number - 1];
        return message.IsDeleted ? MaildropLookup.Deleted : MaildropLookup.Found;
    }

    /// <summary>Opens a message's content for RETR or TOP: exactly the stored bytes, to be dot-stuffed on the way out.</summary>
    /// <param name="number">The message number.</param>
    /// <param name="markRetrieved">True for RETR (the message is marked seen at commit); false for TOP.</param>
    /// <param name="content">A read-only stream the caller disposes, when found.</param>
    /// <returns><see cref="MaildropLookup.Found"/>, or why not, <see cref="MaildropLookup.Vanished"/> included.</returns>
    /// <exception cref="IOException">The file exists but cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to read the file.</exception>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    /// <exception cref="InvalidOperationException">Already committed.</exception>
    public MaildropLookup TryOpenMessage(int number, bool markRetrieved, out Stream? content)
    {
        content = null;
        var lookup = TryGetMessage(number, out var message);
        if (lookup != MaildropLookup.Found)
        {
            return lookup;
        }
        content = OpenFile(message!);
        if (content is null)
        {
            return MaildropLookup.Vanished;
        }
        if (markRetrieved)
        {
            message!.IsRetrieved = true;
        }
        return MaildropLookup.Found;
    }

    /// <summary>Marks a message deleted (DELE). Nothing is removed before <see cref="Commit"/>.</summary>
    /// <param name="number">The message number.</param>
    /// <returns><see cref="MaildropLookup.Found"/> when it is now marked; <see cref="MaildropLookup.Deleted"/> when it already was.</returns>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    /// <exception cref="InvalidOperationException">Already committed.</exception>
    public MaildropLookup MarkDeleted(int number)
    {
        var lookup = TryGetMessage(number, out var message);
        if (lookup == MaildropLookup.Found)
        {
            message!.IsDeleted = true;
        }
        return lookup;
    }

    /// <summary>Unmarks every message marked deleted (RSET, RFC 1939 5). Retrieved messages stay retrieved.</summary>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    /// <exception cref="InvalidOperationException">Already committed.</exception>
    public void Reset()
    {
        ThrowIfFinished();
        foreach (var message in _messages)
        {
            message.IsDeleted = false;
        }
    }

    /// <summary>
    /// The UPDATE state (QUIT after login): removes the messages marked deleted, moves retrieved messages from
    /// <c>new/</c> to <c>cur/</c> as <c>unique:2,S</c> (or adds <c>S</c> to a <c>cur/</c> message's flags), then
    /// fsyncs both folders when anything changed (<see cref="DurableFile.SyncDirectory"/>, once per folder rather than
    /// once per file). Goes on past a failing message; every failure is in the result. The lock is kept until
    /// <see cref="Dispose"/>; no other call is allowed after this one.
    /// </summary>
    /// <returns>What was done and what failed.</returns>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    /// <exception cref="InvalidOperationException">Already committed.</exception>
    public MaildropCommitResult Commit()
    {
        ThrowIfFinished();
        _committed = true;
        int deleted = 0, deleteFailures = 0, markedSeen = 0;
        var problems = new List<string>();
        foreach (var message in _messages)
        {
            if (message.IsDeleted)
            {
                if (TryRemove(message, problems))
                {
                    deleted++;
                }
                else
                {
                    deleteFailures++;
                }
            }
            else if (message.IsRetrieved && TryMarkSeen(message, problems))
            {
                markedSeen++;
            }
        }
        foreach (var folder in deleted + markedSeen > 0 ? Folders : [])
        {
            try
            {
                DurableFile.SyncDirectory(Path.Combine(MaildirPath, folder));
            }
            catch (IOException exception)
            {
                problems.Add(exception.Message);
            }
        }
        return new MaildropCommitResult(deleted, deleteFailures, markedSeen, problems);
    }

    /// <summary>Releases the lock. Without a <see cref="Commit"/> first, nothing in the Maildir has changed.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _lock.Dispose();
        }
    }

    private static List<MaildropMessage> Scan(string maildir)
    {
        var files = new List<(string Folder, string Name, long Size, DateTime Modified)>();
        foreach (var folder in Folders)
        {
            foreach (var path in Directory.EnumerateFiles(Path.Combine(maildir, folder)))
            {
                var info = new FileInfo(path);
                if (info.Name.StartsWith('.') || !info.Exists)
                {
                    continue; // a dot file, or removed since the folder was listed
                }
                files.Add((folder, info.Name, info.Length, info.LastWriteTimeUtc));
            }
        }
        files.Sort((a, b) => a.Modified != b.Modified ? a.Modified.CompareTo(b.Modified) : string.CompareOrdinal(a.Name, b.Name));

        var messages = new List<MaildropMessage>(files.Count);
        var uidls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (folder, name, size, _) in files)
        {
            var uidl = MaildirName.Uidl(name);
            if (!uidls.Add(uidl))
            {
                // The same unique name twice (in new/ and cur/, say): UIDLs must differ, so the later one gets its own.
                uidl = MaildirName.UidlOf(folder + "/" + name);
                uidls.Add(uidl);
            }
            messages.Add(new MaildropMessage(messages.Count + 1, folder, name, uidl, size));
        }
        return messages;
    }

    /// <summary>Opens the message's file, following it if another program moved it; null when it is gone.</summary>
    private FileStream? OpenFile(MaildropMessage message)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                return new FileStream(PathOf(message), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
            {
                if (!Relocate(message))
                {
                    return null;
                }
            }
        }
        return null;
    }

    private bool TryRemove(MaildropMessage message, List<string> problems)
    {
        try
        {
            if (!File.Exists(PathOf(message)) && !Relocate(message))
            {
                return true; // someone else removed it already
            }
            File.Delete(PathOf(message));
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problems.Add($"cannot delete {message.Folder}/{message.FileName}: {exception.Message}");
            return false;
        }
    }

    private bool TryMarkSeen(MaildropMessage message, List<string> problems)
    {
        try
        {
            if (!File.Exists(PathOf(message)) && !Relocate(message))
            {
                return false; // gone: nothing to mark
            }
            var seenName = MaildirName.WithSeenFlag(message.FileName);
            if (message.Folder == "cur" && seenName == message.FileName)
            {
                return false; // already seen
            }
            File.Move(PathOf(message), Path.Combine(MaildirPath, "cur", seenName), overwrite: false);
            message.Folder = "cur";
            message.FileName = seenName;
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problems.Add($"cannot mark {message.Folder}/{message.FileName} seen: {exception.Message}");
            return false;
        }
    }

    /// <summary>Finds a message's file again by its unique name after another program moved or re-flagged it.</summary>
    private bool Relocate(MaildropMessage message)
    {
        var unique = MaildirName.UniqueName(message.FileName);
        if (File.Exists(Path.Combine(MaildirPath, "new", unique)))
        {
            (message.Folder, message.FileName) = ("new", unique);
            return true;
        }
        var cur = Path.Combine(MaildirPath, "cur");
        string? found;
        try
        {
            found = File.Exists(Path.Combine(cur, unique))
                ? unique
                : Directory.EnumerateFiles(cur, unique + ":*").Select(Path.GetFileName).FirstOrDefault(n => MaildirName.UniqueName(n!) == unique);
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        if (found is null)
        {
            return false;
        }
        (message.Folder, message.FileName) = ("cur", found);
        return true;
    }

    private string PathOf(MaildropMessage message) => Path.Combine(MaildirPath, message.Folder, message.FileName);

    private void ThrowIfFinished()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException("The maildrop was already committed.");
        }
    }
}
