using System.Globalization;
using System.Text;
using MimeKit;
using Sekisho.Config;
using Sekisho.Protocol.Smtp;
using Sekisho.Queue;
using Sekisho.Server.Smtp;

namespace Sekisho.Server.Hosting;

/// <summary>
/// Builds the non-delivery report Postfix users know ("Undelivered Mail Returned to Sender") as an RFC 3464
/// <c>multipart/report</c> with MimeKit: an explanation, a <c>message/delivery-status</c> part with one group per
/// failed recipient, and the original headers. It is queued from <c>MAILER-DAEMON@$myhostname</c> with the null
/// envelope sender to the original sender, routed like any recipient (local or remote) but without the relay
/// policy, since the server itself is the client.
/// </summary>
internal sealed class BounceWriter : IBounceWriter
{
    private const int MaxHeaderBytes = 64 * 1024;

    private readonly SekishoSettings _settings;
    private readonly Spool _spool;
    private readonly RecipientRouter _router;
    private readonly TimeProvider _time;

    public BounceWriter(SekishoSettings settings, Spool spool, RecipientRouter router, TimeProvider? time = null)
    {
        _settings = settings;
        _spool = spool;
        _router = router;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public async Task<string?> WriteAsync(QueuedMessage original, IReadOnlyList<(QueueRecipient Recipient, RecipientResult Result)> failed, NoticeKind kind,
        CancellationToken cancellationToken)
    {
        if (kind != NoticeKind.Failure || original.Envelope.Sender.Length == 0)
        {
            return null; // TODO(issue 6): delay, success and postmaster notices
        }
        var sender = original.Envelope.Sender;
        if (!SmtpPathParser.TryParseRcptTo($"TO:<{sender}>", out var path, out _, out _))
        {
            return null;
        }
        var targets = await _router.RouteWithoutPolicyAsync(path, cancellationToken);
        if (targets.Count == 0)
        {
            return null;
        }
        var report = Build(original, failed, await ReadHeadersAsync(original, cancellationToken));
        var queueId = _spool.NewQueueId();
        var envelope = new QueueEnvelope
        {
            Sender = "",
            Recipients = targets,
            ArrivalTime = _time.GetUtcNow(),
            ClientName = "localhost",
            ClientAddress = "127.0.0.1",
            Helo = _settings.MyHostname,
            Protocol = "local",
            BodyType = "7BIT",
        };
        await using var writer = await _spool.CreateAsync(queueId, envelope, cancellationToken);
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

    private MimeMessage Build(QueuedMessage original, IReadOnlyList<(QueueRecipient Recipient, RecipientResult Result)> failed, byte[] headers)
    {
        var host = _settings.MyHostname;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@" + host));
        message.To.Add(MailboxAddress.Parse(original.Envelope.Sender));
        message.Subject = "Undelivered Mail Returned to Sender";
        message.Headers.Add("Auto-Submitted", "auto-replied");
        message.Date = _time.GetUtcNow();

        var text = new StringBuilder()
            .Append("This is the mail system at host ").Append(host).Append(".\n\n")
            .Append("I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\n")
            .Append("For further assistance, please send mail to postmaster.\n\n")
            .Append("If you do so, please include this problem report.\n\n")
            .Append("                   The mail system\n");
        foreach (var (recipient, result) in failed)
        {
            text.Append('\n').Append('<').Append(recipient.Address).Append(">: ").Append(result.Detail).Append('\n');
        }

        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList
        {
            { "Reporting-MTA", "dns; " + host },
            { "X-Sekisho-Queue-ID", original.QueueId },
            { "Arrival-Date", MimeKit.Utils.DateUtils.FormatDate(original.Envelope.ArrivalTime) },
        };
        status.StatusGroups.Add(perMessage);
        foreach (var (recipient, result) in failed)
        {
            var group = new HeaderList { { "Final-Recipient", "rfc822; " + recipient.Address } };
            if (recipient.OriginalAddress is { } originalAddress)
            {
                group.Add("Original-Recipient", "rfc822; " + originalAddress);
            }
            group.Add("Action", "failed");
            group.Add("Status", StatusCode(result.Detail));
            group.Add("Diagnostic-Code", (result.Detail.Contains(" said: ", StringComparison.Ordinal) ? "smtp; " : "X-Sekisho; ") + OneLine(result.Detail));
            status.StatusGroups.Add(group);
        }

        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = text.ToString() },
            status,
            new TextRfc822Headers { Message = MimeMessage.Load(new MemoryStream([.. headers, .. "\r\n"u8])) },
        };
        message.Body = report;
        return message;
    }

    /// <summary>The enhanced status code in the reply text (<c>550 5.1.1 ...</c>), or 5.0.0.</summary>
    private static string StatusCode(string detail)
    {
        foreach (var word in detail.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = word.TrimEnd(',', ')').Split('.');
            if (parts.Length == 3 && parts[0] == "5" && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit)))
            {
                return string.Join('.', parts);
            }
        }
        return "5.0.0";
    }

    private static string OneLine(string text) => text.Replace('\r', ' ').Replace('\n', ' ');

    private static async Task<byte[]> ReadHeadersAsync(QueuedMessage original, CancellationToken cancellationToken)
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
        return text[..(end >= 0 ? end + 2 : length)].ToArray();
    }
}
