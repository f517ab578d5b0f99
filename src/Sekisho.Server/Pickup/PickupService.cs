using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sekisho.Config;
using Sekisho.Delivery.Unix;
using Sekisho.Protocol.Smtp;
using Sekisho.Queue;
using Sekisho.Queue.Pickup;
using Sekisho.Server.Smtp;

namespace Sekisho.Server.Pickup;

/// <summary>
/// Postfix's pickup: moves what the <c>sendmail</c> command left in the maildrop folder into the queue, one file at a
/// time (a single writer), oldest first. Wakes when the sendmail command sends a datagram to
/// <see cref="MaildropFolder.WakeSocketName"/>, and scans every <see cref="ScanInterval"/> anyway. The
/// submitter is the file's owner; a file that is not a plain file of one link, whose owner
/// <c>authorized_submit_users</c> refuses, or that does not parse, is logged and removed. Recipients are routed as for
/// a trusted client (no restrictions), an unknown local user to a non-delivery report.
/// </summary>
public sealed class PickupService
{
    private static readonly TimeSpan LeftoverAge = TimeSpan.FromDays(1);
    private readonly SekishoSettings _settings;
    private readonly RecipientRouter _router;
    private readonly Spool _spool;
    private readonly Action<string> _queued;
    private readonly ILogger _log;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Creates the service and prepares the maildrop folder (mode 1733).</summary>
    /// <param name="settings">The server's settings.</param>
    /// <param name="router">Routes recipients (the server's own, without a service's restrictions).</param>
    /// <param name="spool">The queue.</param>
    /// <param name="queued">Told each new queue id (the queue manager's notify).</param>
    /// <param name="log">The mail log.</param>
    public PickupService(SekishoSettings settings, RecipientRouter router, Spool spool, Action<string> queued, ILogger log)
    {
        _settings = settings;
        _router = router;
        _spool = spool;
        _queued = queued;
        _log = log;
        Folder = MaildropFolder.Prepare(settings.QueueDirectory);
    }

    /// <summary>The maildrop folder.</summary>
    public string Folder { get; }

    /// <summary>How often the folder is scanned without a wake-up.</summary>
    public TimeSpan ScanInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Picks up mail until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops the service.</param>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var wakeSocket = BindWakeSocket();
        var listening = wakeSocket is null ? Task.CompletedTask : Task.Run(() => ListenAsync(wakeSocket, cancellationToken), CancellationToken.None);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await ScanAsync(cancellationToken);
                using var interval = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                interval.CancelAfter(ScanInterval);
                try
                {
                    await _wake.Reader.ReadAsync(interval.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The periodic scan.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            wakeSocket?.Dispose();
            await listening;
            if (wakeSocket is not null)
            {
                TryDeleteWakeSocket();
            }
        }
    }

    /// <summary>The datagram socket the sendmail command pokes (mode 0666, so that any user may); null when it cannot be bound.</summary>
    private Socket? BindWakeSocket()
    {
        var path = MaildropFolder.WakeSocketIn(_settings.QueueDirectory);
        try
        {
            TryDeleteWakeSocket();
            var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            try
            {
                socket.Bind(new UnixDomainSocketEndPoint(path));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
                        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
                }
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        catch (Exception exception) when (exception is SocketException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            _log.LogWarning("cannot bind {Path} ({Problem}): locally submitted mail is picked up every {Seconds} s", path, exception.Message, ScanInterval.TotalSeconds);
            return null;
        }
    }

    private async Task ListenAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16];
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                _wake.Writer.TryWrite(true);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    private void TryDeleteWakeSocket()
    {
        try
        {
            File.Delete(MaildropFolder.WakeSocketIn(_settings.QueueDirectory));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Picks up every complete file now in the folder, oldest first.</summary>
    /// <param name="cancellationToken">Stops between files.</param>
    /// <returns>How many messages were queued.</returns>
    public async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        foreach (var path in Directory.EnumerateFiles(Folder))
        {
            var name = Path.GetFileName(path);
            if (MaildropFolder.IsFileName(name))
            {
                names.Add(name);
            }
            else
            {
                RemoveIfStale(path, name);
            }
        }
        names.Sort(StringComparer.Ordinal);
        var queued = 0;
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await PickUpAsync(name, cancellationToken))
                {
                    queued++;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _log.LogWarning("maildrop/{Name}: cannot pick up now ({Problem}); trying again later", name, exception.Message);
            }
        }
        return queued;
    }

    private async Task<bool> PickUpAsync(string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Folder, name);
        if (FileStatus.Of(path, followLinks: false) is not { } linked)
        {
            return false;
        }
        if (!linked.IsRegularFile || linked.LinkCount != 1)
        {
            return Discard(path, name, linked.Uid, "not a regular file of one link");
        }
        FileStream file;
        try
        {
            file = new FileStream(UntrustedFile.OpenRead(path), FileAccess.Read, 64 * 1024);
        }
        catch (IOException exception) when (FileStatus.Of(path, followLinks: false) is { IsRegularFile: false } swapped)
        {
            return Discard(path, name, swapped.Uid, "replaced while being opened: " + exception.Message);
        }
        await using var _ = file;
        var opened = FileStatus.OfHandle(file.SafeFileHandle);
        if (opened.Inode != linked.Inode || opened.Device != linked.Device || !opened.IsRegularFile || opened.LinkCount != 1)
        {
            return Discard(path, name, opened.Uid, "replaced while being opened");
        }
        var login = (await SystemUser.FindByUidAsync(opened.Uid, cancellationToken))?.Name ?? "unknown";
        if (!_settings.AuthorizedSubmitUsers.Allows(login))
        {
            return Discard(path, name, opened.Uid, $"user {login} is not allowed to submit mail (authorized_submit_users)");
        }
        if (!MaildropFormat.TryReadEnvelope(file, out var envelope, out var problem))
        {
            return Discard(path, name, opened.Uid, "corrupt file: " + problem);
        }
        envelope = Sanitized(envelope);
        if (!TryParseSender(envelope.Sender, out var sender))
        {
            return Discard(path, name, opened.Uid, $"bad sender address <{Shown(envelope.Sender)}>");
        }
        var recipients = new List<QueueRecipient>();
        var seen = new HashSet<(string, string, string)>();
        foreach (var given in envelope.Recipients)
        {
            if (!TryParseRecipient(given.Address, out var recipient))
            {
                return Discard(path, name, opened.Uid, $"bad recipient address <{Shown(given.Address)}>");
            }
            foreach (var target in await _router.RouteLocalSubmissionAsync(recipient, cancellationToken))
            {
                if (seen.Add((target.Transport, target.NextHop, target.Address.ToLowerInvariant())))
                {
                    recipients.Add(target with
                    {
                        Notify = given.Notify,
                        OriginalRecipient = target.OriginalAddress is null ? "" : "rfc822;" + recipient.Address,
                    });
                }
            }
        }
        var queueId = await QueueAsync(file, envelope, sender, recipients, opened.Uid, cancellationToken);
        if (queueId is null)
        {
            return Discard(path, name, opened.Uid, "message file too big (message_size_limit)");
        }
        _log.LogInformation("{QueueId}: uid={Uid} from=<{Sender}>, nrcpt={Count}, proto={Proto} (maildrop/{Name}, user {Login})",
            queueId, opened.Uid, sender, recipients.Count, envelope.Protocol, name, login);
        _queued(queueId);
        File.Delete(path);
        return true;
    }

    /// <summary>Copies the content into the queue behind a Received: header; null when it is over the size limit.</summary>
    private async Task<string?> QueueAsync(FileStream file, MaildropEnvelope envelope, string sender, List<QueueRecipient> recipients, uint uid,
        CancellationToken cancellationToken)
    {
        var queueId = _spool.NewQueueId();
        var now = DateTimeOffset.UtcNow;
        var queueEnvelope = new QueueEnvelope
        {
            Sender = sender,
            Recipients = recipients,
            ArrivalTime = now,
            ClientName = "localhost",
            ClientAddress = "127.0.0.1",
            Helo = envelope.Helo,
            Protocol = envelope.Protocol,
            BodyType = envelope.BodyType is "8BITMIME" ? "8BITMIME" : "7BIT",
            Return = envelope.Return,
            EnvelopeId = envelope.EnvelopeId,
        };
        await using var writer = await _spool.CreateAsync(queueId, queueEnvelope, cancellationToken);
        var received = ReceivedHeader.BuildLocal(_settings.MyHostname, _settings.MailName, uid, envelope.Protocol, queueId, now);
        await writer.AppendAsync(received, cancellationToken);
        var normalizer = new ChunkNormalizer(BareNewlinePolicy.Normalize);
        using var output = new PooledBufferWriter(128 * 1024);
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
        {
            normalizer.Process(buffer.AsSpan(0, read), output);
            await FlushAsync();
            // The limit the sendmail command applied: the content as written, without the Received: header added here.
            if (_settings.MessageSizeLimit > 0 && writer.BodySize - received.Length > _settings.MessageSizeLimit)
            {
                return null;
            }
        }
        normalizer.Complete(output);
        await FlushAsync();
        await writer.CommitAsync(cancellationToken);
        return queueId;

        async Task FlushAsync()
        {
            await writer.AppendAsync(output.WrittenMemory, cancellationToken);
            output.ResetWrittenCount();
        }
    }

    /// <summary>
    /// The free-text fields as the queue, the mail log and the Received: header may take them: a protocol Sekisho
    /// names, a HELO name and an ENVID of printable ASCII (RFC 3461: at most 100 characters), else none.
    /// </summary>
    private static MaildropEnvelope Sanitized(MaildropEnvelope envelope) => envelope with
    {
        Protocol = envelope.Protocol is "local" or "SMTP" or "ESMTP" ? envelope.Protocol : "local",
        Helo = Printable(envelope.Helo, 255),
        EnvelopeId = Printable(envelope.EnvelopeId, 100),
    };

    /// <summary>Untrusted text for the mail log: controls as <c>?</c>, at most 100 characters.</summary>
    private static string Shown(string text) =>
        new([.. text.Take(100).Select(c => char.IsControl(c) ? '?' : c)]);

    private static string Printable(string text, int limit) =>
        text.Length <= limit && text.All(c => c is > ' ' and < '\x7f') ? text : "";

    private bool TryParseSender(string address, out string sender)
    {
        sender = "";
        if (address.Length == 0)
        {
            return true;
        }
        if (!SmtpPathParser.TryParseMailFrom($"FROM:<{address}>", out var path, out _, out _))
        {
            return false;
        }
        sender = path.Domain.Length == 0 ? path.Address + "@" + _settings.MyOrigin : path.Address;
        return true;
    }

    private bool TryParseRecipient(string address, out SmtpPath recipient)
    {
        if (!SmtpPathParser.TryParseRcptTo($"TO:<{address}>", out recipient, out _, out _))
        {
            return false;
        }
        if (recipient.Domain.Length == 0)
        {
            recipient = recipient with { Domain = _settings.MyOrigin };
        }
        return true;
    }

    private bool Discard(string path, string name, uint uid, string reason)
    {
        _log.LogWarning("maildrop/{Name}: uid={Uid}: {Reason}; removed", name, uid, reason);
        File.Delete(path);
        return false;
    }

    private void RemoveIfStale(string path, string name)
    {
        try
        {
            if (name.StartsWith('.') && File.GetLastWriteTimeUtc(path) < DateTime.UtcNow - LeftoverAge)
            {
                File.Delete(path);
                _log.LogInformation("maildrop/{Name}: removed an unfinished submission older than a day", name);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
    }
}
