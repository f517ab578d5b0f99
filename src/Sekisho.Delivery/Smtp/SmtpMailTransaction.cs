using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using Sekisho.Queue;

namespace Sekisho.Delivery.Smtp;

/// <summary>One mail transaction on an established session, with Postfix's per-recipient outcomes.</summary>
public static class SmtpMailTransaction
{
    /// <summary>
    /// Sends MAIL FROM, one RCPT TO per distinct recipient and the content (pipelined when offered), and turns
    /// the replies into results: a RCPT reply for each refused recipient, the final reply for each accepted one,
    /// or a session problem (MAIL FROM refused, connection lost) for everyone without a result. When the server
    /// offers DSN, RET, ENVID and NOTIFY go with the commands, and a delivered recipient whose NOTIFY went on is
    /// marked <see cref="RecipientResult.DsnPassedOn"/> (the next hop reports from now on).
    /// </summary>
    /// <param name="client">A connected client, past EHLO, TLS and AUTH.</param>
    /// <param name="watch">The conversation watch of <paramref name="client"/>.</param>
    /// <param name="endpoint">The server.</param>
    /// <param name="message">The message (see <see cref="SpoolMimeMessage"/>).</param>
    /// <param name="envelope">The sender, the recipients and their RFC 3461 requests.</param>
    /// <param name="cancellationToken">Server shutdown.</param>
    /// <returns>The results, and whether the connection is gone (so no QUIT is sent).</returns>
    public static async Task<(SmtpAttemptResult Result, bool ConnectionLost)> RunAsync(SpoolSmtpClient client, SmtpConversationWatch watch, SmtpEndpoint endpoint,
        MimeMessage message, SmtpEnvelope envelope, CancellationToken cancellationToken)
    {
        var sender = envelope.Sender;
        var recipients = envelope.Recipients;
        var replies = new Dictionary<int, RecipientResult>();
        var utf8 = EnvelopeMailbox.NeedsSmtpUtf8(sender) || recipients.Any(r => EnvelopeMailbox.NeedsSmtpUtf8(r.Address));
        if (utf8 && (client.Capabilities & SmtpCapabilities.UTF8) == 0)
        {
            return (SmtpAttemptResult.Failed(SmtpProblem.Bounce($"SMTPUTF8 is required, but was not offered by host {endpoint.Name}", endpoint.Relay), true), false);
        }
        if (!EnvelopeMailbox.TryCreate(sender, out var from))
        {
            return (SmtpAttemptResult.Failed(SmtpProblem.Bounce($"bad sender address syntax: <{sender}>", endpoint.Relay), true), false);
        }
        // One RCPT per distinct address (MailKit drops case-insensitive duplicates); every index shares its reply.
        var mailboxes = new Dictionary<string, MailboxAddress>(StringComparer.OrdinalIgnoreCase);
        // A duplicate shares the NOTIFY of the first (the queue holds each address once per next hop anyway).
        var byIndex = new Dictionary<int, MailboxAddress>();
        var notify = new Dictionary<MailboxAddress, DsnNotify>(ReferenceEqualityComparer.Instance);
        foreach (var (index, address, requested) in recipients)
        {
            if (!mailboxes.TryGetValue(address, out var mailbox))
            {
                if (!EnvelopeMailbox.TryCreate(address, out mailbox))
                {
                    replies[index] = RecipientResult.Bounced(endpoint.Relay, $"bad recipient address syntax: <{address}>");
                    continue;
                }
                mailboxes[address] = mailbox;
                notify[mailbox] = requested;
            }
            byIndex[index] = mailbox;
        }
        if (mailboxes.Count == 0)
        {
            return (new SmtpAttemptResult(replies, null, true), false);
        }
        client.RequestDeliveryStatus(envelope.Return, envelope.EnvelopeId, notify);
        string? final = null;
        SmtpProblem? problem = null;
        int? dataCode = null;
        string? dataText = null;
        var connectionLost = false;
        try
        {
            final = await client.SendAsync(SmtpFormat.Options, message, from, mailboxes.Values, watch.Token);
        }
        catch (SmtpCommandException exception) when (exception.ErrorCode is SmtpErrorCode.MessageNotAccepted or SmtpErrorCode.UnexpectedStatusCode
                                                     && client.SenderReply is { } mail && SmtpReplyText.IsPositive((int)mail.StatusCode))
        {
            dataCode = (int)exception.StatusCode;
            dataText = exception.Message;
        }
        catch (SmtpCommandException exception) when (exception.ErrorCode == SmtpErrorCode.SenderNotAccepted)
        {
            var code = (int)exception.StatusCode;
            problem = new SmtpProblem(SmtpReplyText.IsPermanent(code),
                SmtpReplyText.Said(endpoint, SmtpReplyText.Format(code, exception.Message), "MAIL FROM"), endpoint.Relay);
        }
        catch (ServiceNotAuthenticatedException exception)
        {
            problem = SmtpProblem.Bounce(SmtpReplyText.Said(endpoint, SmtpReplyText.Format(530, exception.Message), watch.LastCommand ?? "MAIL FROM"), endpoint.Relay);
        }
        catch (Exception exception) when (SmtpConnectionFailure.Matches(exception, watch, cancellationToken))
        {
            problem = SmtpConnectionFailure.Describe(endpoint, watch);
            connectionLost = true;
        }
        var mailAccepted = client.SenderReply is { } mailReply && SmtpReplyText.IsPositive((int)mailReply.StatusCode);
        foreach (var (index, mailbox) in byIndex)
        {
            if (!mailAccepted)
            {
                break; // MAIL FROM failed or never answered: the session problem applies, whatever RCPT replies said
            }
            if (client.RecipientReply(mailbox) is not { } rcpt)
            {
                continue;
            }
            var code = (int)rcpt.StatusCode;
            if (!SmtpReplyText.IsPositive(code))
            {
                var detail = SmtpReplyText.Said(endpoint, SmtpReplyText.Format(rcpt), "RCPT TO");
                replies[index] = SmtpReplyText.IsPermanent(code) ? RecipientResult.Bounced(endpoint.Relay, detail) : RecipientResult.Deferred(endpoint.Relay, detail);
            }
            else if (final is not null)
            {
                replies[index] = RecipientResult.Sent(endpoint.Relay, SmtpReplyText.Format(250, final)) with
                {
                    DsnPassedOn = client.OffersDsn && notify[mailbox] != DsnNotify.None,
                };
            }
            else if (dataCode is { } failed)
            {
                var detail = SmtpReplyText.Said(endpoint, SmtpReplyText.Format(failed, dataText ?? ""), watch.LastCommand is "DATA" or "BDAT" ? watch.LastCommand : "end of DATA");
                replies[index] = SmtpReplyText.IsPermanent(failed) ? RecipientResult.Bounced(endpoint.Relay, detail) : RecipientResult.Deferred(endpoint.Relay, detail);
            }
        }
        return (new SmtpAttemptResult(replies, problem, true), connectionLost);
    }
}
