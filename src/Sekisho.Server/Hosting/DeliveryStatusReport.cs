using MimeKit;
using MimeKit.Utils;
using Sekisho.Queue;

namespace Sekisho.Server.Hosting;

/// <summary>
/// Builds an RFC 3464 <c>multipart/report</c> with MimeKit: the text of <see cref="NoticeText"/>, a
/// <c>message/delivery-status</c> part (per-message fields, then one group per recipient, as Postfix writes them)
/// and the returned content (the original message or its headers).
/// </summary>
internal static class DeliveryStatusReport
{
    /// <summary>What goes into one notice.</summary>
    /// <param name="Kind">Failure, delay or success.</param>
    /// <param name="Host"><c>$myhostname</c> (Reporting-MTA, From).</param>
    /// <param name="To">The notice's recipient (the original sender, or the postmaster).</param>
    /// <param name="ToPostmaster">Whether it is a postmaster notice (a double bounce).</param>
    /// <param name="Original">The message concerned.</param>
    /// <param name="Recipients">The recipients the notice is about.</param>
    /// <param name="Now">The notice's date.</param>
    /// <param name="Lifetime"><c>maximal_queue_lifetime</c> (delay notices: Will-Retry-Until).</param>
    /// <param name="Returned">The returned content: a <c>message/rfc822</c> or <c>text/rfc822-headers</c> part.</param>
    public sealed record Request(NoticeKind Kind, string Host, string To, bool ToPostmaster, QueuedMessage Original,
        IReadOnlyList<(QueueRecipient Recipient, RecipientResult Result)> Recipients, DateTimeOffset Now, TimeSpan Lifetime, MimeEntity Returned);

    /// <summary>The notice as a message.</summary>
    /// <param name="request">What goes into it.</param>
    public static MimeMessage Build(Request request)
    {
        var envelope = request.Original.Envelope;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@" + request.Host));
        if (MailboxAddress.TryParse(request.To, out var to))
        {
            message.To.Add(to);
        }
        message.Subject = Subject(request.Kind, request.ToPostmaster);
        message.Headers.Add("Auto-Submitted", request.ToPostmaster ? "auto-generated" : "auto-replied");
        message.Date = request.Now;
        message.MessageId = MimeUtils.GenerateMessageId(request.Host);

        var lifetime = request.Kind == NoticeKind.Delay ? request.Lifetime : TimeSpan.Zero;
        var text = NoticeText.Build(request.Kind, request.Host, request.Now - envelope.ArrivalTime, lifetime, request.Recipients);

        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList();
        if (envelope.EnvelopeId.Length > 0)
        {
            perMessage.Add("Original-Envelope-Id", OneLine(envelope.EnvelopeId));
        }
        perMessage.Add("Reporting-MTA", "dns; " + request.Host);
        perMessage.Add("X-Sekisho-Queue-ID", request.Original.QueueId);
        perMessage.Add("Arrival-Date", DateUtils.FormatDate(envelope.ArrivalTime));
        status.StatusGroups.Add(perMessage);
        foreach (var (recipient, result) in request.Recipients)
        {
            status.StatusGroups.Add(RecipientGroup(request.Kind, recipient, result, envelope.ArrivalTime + lifetime, lifetime > TimeSpan.Zero));
        }

        var notification = new TextPart("plain") { Text = text };
        notification.Headers.Add("Content-Description", "Notification");
        status.Headers.Add("Content-Description", "Delivery report");
        request.Returned.Headers.Add("Content-Description", (request.Kind, request.Returned) switch
        {
            (NoticeKind.Failure, MessagePart) => "Undelivered Message",
            (NoticeKind.Failure, _) => "Undelivered Message Headers",
            _ => "Message Headers",
        });
        message.Body = new MultipartReport("delivery-status") { notification, status, request.Returned };
        return message;
    }

    /// <summary>Postfix's subjects; a postmaster notice about a failure is a "Postmaster Copy".</summary>
    public static string Subject(NoticeKind kind, bool toPostmaster) => kind switch
    {
        NoticeKind.Delay => toPostmaster ? "Postmaster Warning: Delayed Mail" : "Delayed Mail (still being retried)",
        NoticeKind.Success => "Successful Mail Delivery Report",
        _ => toPostmaster ? "Postmaster Copy: Undelivered Mail" : "Undelivered Mail Returned to Sender",
    };

    private static HeaderList RecipientGroup(NoticeKind kind, QueueRecipient recipient, RecipientResult result, DateTimeOffset retryUntil, bool willRetry)
    {
        var group = new HeaderList { { "Final-Recipient", "rfc822; " + OneLine(recipient.Address) } };
        if (recipient.OriginalRecipient.Length > 0)
        {
            group.Add("Original-Recipient", OneLine(recipient.OriginalRecipient));
        }
        else if (recipient.OriginalAddress is { } originalAddress)
        {
            group.Add("Original-Recipient", "rfc822; " + OneLine(originalAddress));
        }
        group.Add("Action", kind switch
        {
            NoticeKind.Delay => "delayed",
            NoticeKind.Success => recipient.Transport == "smtp" ? "relayed" : "delivered",
            _ => "failed",
        });
        group.Add("Status", StatusCode(result.Detail, kind switch { NoticeKind.Delay => '4', NoticeKind.Success => '2', _ => '5' }));
        if (recipient.Transport == "smtp" && RemoteHost(result.Relay) is { } remote)
        {
            group.Add("Remote-MTA", "dns; " + remote);
        }
        var smtpReply = result.Detail.Contains(" said: ", StringComparison.Ordinal) || (kind == NoticeKind.Success && recipient.Transport == "smtp");
        group.Add("Diagnostic-Code", (smtpReply ? "smtp; " : "X-Sekisho; ") + OneLine(result.Detail));
        if (kind == NoticeKind.Delay && willRetry)
        {
            group.Add("Will-Retry-Until", DateUtils.FormatDate(retryUntil));
        }
        return group;
    }

    /// <summary>The enhanced status code of the given class in the reply text (<c>550 5.1.1 ...</c>), or <c>X.0.0</c>.</summary>
    public static string StatusCode(string detail, char statusClass)
    {
        foreach (var word in detail.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = word.TrimEnd(',', ')', ':').Split('.');
            if (parts.Length == 3 && parts[0].Length == 1 && parts[0][0] == statusClass && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit)))
            {
                return string.Join('.', parts);
            }
        }
        return statusClass + ".0.0";
    }

    /// <summary>The host of a relay such as <c>mx.example.com[192.0.2.1]:25</c>, or null.</summary>
    private static string? RemoteHost(string relay)
    {
        var bracket = relay.IndexOf('[');
        return bracket > 0 ? relay[..bracket] : null;
    }

    private static string OneLine(string text) => text.Replace('\r', ' ').Replace('\n', ' ');
}
