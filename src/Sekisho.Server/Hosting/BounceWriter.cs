using MimeKit;
using Sekisho.Config;
using Sekisho.Protocol.Smtp;
using Sekisho.Queue;
using Sekisho.Server.Smtp;

namespace Sekisho.Server.Hosting;

/// <summary>
/// Writes the delivery status notifications Postfix users know, as RFC 3464 <c>multipart/report</c> messages (see
/// <see cref="DeliveryStatusReport"/>), and queues them from <c>MAILER-DAEMON@$myhostname</c> with the null envelope
/// sender, routed like any recipient (local or remote) but without the relay policy, since the server itself is the
/// client:
/// <list type="bullet">
/// <item>a failure ("Undelivered Mail Returned to Sender") to the original sender; for a message from the null sender
/// (a bounce that could not be delivered) a double bounce ("Postmaster Copy: Undelivered Mail") to the local
/// <c>postmaster</c> (addressed as <c>postmaster@$myorigin</c>), marked <see cref="QueueEnvelope.IsPostmasterNotice"/>;</item>
/// <item>a delay warning ("Delayed Mail (still being retried)") and a success report ("Successful Mail Delivery
/// Report") to the original sender; none for a message from the null sender.</item>
/// </list>
/// A failure report returns the whole message as <c>message/rfc822</c> unless the sender asked for headers
/// (<c>RET=HDRS</c>) or it is larger than <c>bounce_size_limit</c>; every other notice returns the headers
/// (<c>text/rfc822-headers</c>). Nothing is written about a postmaster notice.
/// </summary>
public sealed class BounceWriter : IBounceWriter
{
    private const int MaxHeaderBytes = 64 * 1024;

    private readonly SekishoSettings _settings;
    private readonly Spool _spool;
    private readonly RecipientRouter _router;
    private readonly TimeProvider _time;

    /// <summary>Creates the writer.</summary>
    /// <param name="settings"><c>myhostname</c>, <c>myorigin</c>, <c>maximal_queue_lifetime</c>, <c>bounce_size_limit</c>.</param>
    /// <param name="spool">Where notices are queued.</param>
    /// <param name="router">Routes the notice's recipient (without the restriction lists).</param>
    /// <param name="time">The clock (dates of the notice).</param>
    public BounceWriter(SekishoSettings settings, Spool spool, RecipientRouter router, TimeProvider? time = null)
    {
        _settings = settings;
        _spool = spool;
        _router = router;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public async Task<string?> WriteAsync(QueuedMessage original, IReadOnlyList<(QueueRecipient Recipient, RecipientResult Result)> recipients, NoticeKind kind,
        CancellationToken cancellationToken)
    {
        var envelope = original.Envelope;
        if (recipients.Count == 0 || envelope.IsPostmasterNotice)
        {
            return null; // a notice about a postmaster notice could loop
        }
        var toPostmaster = envelope.Sender.Length == 0;
        if (toPostmaster && kind != NoticeKind.Failure)
        {
            return null; // no one to warn or to tell about the delivery of a notice
        }
        // The postmaster is routed as the bare local name (always local: the postmaster alias or its fallback) and
        // named postmaster@$myorigin in the notice, as Postfix's cleanup qualifies 2bounce_notice_recipient.
        var to = toPostmaster ? "postmaster@" + _settings.MyOrigin : envelope.Sender;
        if (!SmtpPathParser.TryParseRcptTo(toPostmaster ? "TO:<postmaster>" : $"TO:<{to}>", out var path, out _, out _))
        {
            return null;
        }
        var targets = await _router.RouteWithoutPolicyAsync(path, cancellationToken);
        if (targets.Count == 0)
        {
            return null;
        }
        var returnWhole = kind == NoticeKind.Failure && !toPostmaster && envelope.Return != DsnReturn.Headers && original.Size <= _settings.BounceSizeLimit;
        var report = DeliveryStatusReport.Build(new DeliveryStatusReport.Request(kind, _settings.MyHostname, to, toPostmaster, original, recipients,
            _time.GetUtcNow(), _settings.MaximalQueueLifetime, returnWhole ? await WholeMessageAsync(original, cancellationToken) : await HeadersAsync(original, cancellationToken)));

        var queueId = _spool.NewQueueId();
        var notice = new QueueEnvelope
        {
            Sender = "",
            Recipients = targets,
            ArrivalTime = _time.GetUtcNow(),
            ClientName = "localhost",
            ClientAddress = "127.0.0.1",
            Helo = _settings.MyHostname,
            Protocol = "local",
            BodyType = envelope.BodyType.Length > 0 ? envelope.BodyType : "7BIT", // the returned part may hold 8-bit text
            SmtpUtf8 = envelope.SmtpUtf8,
            IsPostmasterNotice = toPostmaster,
        };
        await using var writer = await _spool.CreateAsync(queueId, notice, cancellationToken);
        using (var content = new MemoryStream())
        {
            var format = FormatOptions.Default.Clone();
            format.NewLineFormat = NewLineFormat.Dos;
            await report.WriteToAsync(format, content, cancellationToken);
            await writer.AppendAsync(content.ToArray(), cancellationToken);
        }
        await writer.CommitAsync(cancellationToken);
        return queueId;
    }

    private static async Task<MimeEntity> WholeMessageAsync(QueuedMessage original, CancellationToken cancellationToken)
    {
        await using var content = original.OpenContent();
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return new MessagePart("rfc822") { Message = await MimeMessage.LoadAsync(buffer, cancellationToken) };
    }

    private static async Task<MimeEntity> HeadersAsync(QueuedMessage original, CancellationToken cancellationToken)
    {
        await using var content = original.OpenContent();
        var buffer = new byte[MaxHeaderBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }
        var text = buffer.AsSpan(0, length);
        var end = text.IndexOf("\r\n\r\n"u8);
        byte[] headers = [.. text[..(end >= 0 ? end + 2 : length)], .. "\r\n"u8];
        return new TextRfc822Headers { Message = await MimeMessage.LoadAsync(new MemoryStream(headers), cancellationToken) };
    }
}
