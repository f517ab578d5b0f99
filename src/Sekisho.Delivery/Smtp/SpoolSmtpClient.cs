using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using Sekisho.Queue;

namespace Sekisho.Delivery.Smtp;

/// <summary>
/// MailKit's SMTP client with the envelope hooks taken over: every MAIL FROM and RCPT TO reply is recorded
/// (a refused recipient does not end the transaction), and the message is never re-encoded (no
/// <see cref="MimeMessage.Prepare"/>), so the queued bytes go out as they are. When the server offers DSN, the RFC 3461
/// requests the message was received with go on: RET and ENVID on MAIL FROM, NOTIFY on RCPT TO (see
/// <see cref="RequestDeliveryStatus"/>).
/// </summary>
/// <remarks>
/// MailKit 4.18 writes <c>ORCPT=rfc822;&lt;the RCPT TO address&gt;</c> after every NOTIFY and offers no hook for
/// another value (its <c>GetOriginalRecipientAddress</c> is private), so an ORCPT received here is not passed on,
/// and none is sent for a recipient without NOTIFY.
/// </remarks>
public sealed class SpoolSmtpClient : SmtpClient
{
    private readonly Dictionary<MailboxAddress, SmtpResponse> _recipientReplies = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<MailboxAddress, DsnNotify> _notify = new(ReferenceEqualityComparer.Instance);
    private string? _envelopeId;
    private readonly bool _preferChunking;

    /// <summary>Creates the client.</summary>
    /// <param name="logger">The conversation watch (only command names are kept, never content or secrets).</param>
    /// <param name="preferChunking">Use BDAT (CHUNKING) when the server offers it.</param>
    public SpoolSmtpClient(IProtocolLogger logger, bool preferChunking) : base(logger) => _preferChunking = preferChunking;

    /// <summary>The reply to MAIL FROM, once received.</summary>
    public SmtpResponse? SenderReply { get; private set; }

    /// <summary>The RCPT TO reply for a mailbox given to <c>SendAsync</c>, if one was received.</summary>
    /// <param name="mailbox">The very instance passed in.</param>
    public SmtpResponse? RecipientReply(MailboxAddress mailbox) => _recipientReplies.GetValueOrDefault(mailbox);

    /// <summary>Whether the server offers DSN (RFC 3461), so the requests set with <see cref="RequestDeliveryStatus"/> are sent.</summary>
    public bool OffersDsn => (Capabilities & SmtpCapabilities.Dsn) != 0;

    /// <summary>
    /// Sets the RFC 3461 requests of the next transaction; MailKit sends them only when the server offers DSN.
    /// A recipient with <see cref="DsnNotify.None"/> gets no NOTIFY (nor ORCPT).
    /// </summary>
    /// <param name="ret">RET for MAIL FROM.</param>
    /// <param name="envelopeId">ENVID for MAIL FROM (decoded; MailKit writes it as xtext); empty for none.</param>
    /// <param name="notify">NOTIFY per mailbox, by the very instances given to <c>SendAsync</c>.</param>
    public void RequestDeliveryStatus(DsnReturn ret, string envelopeId, IEnumerable<KeyValuePair<MailboxAddress, DsnNotify>> notify)
    {
        // A new transaction (possibly on a reused connection): the replies of the last one no longer apply.
        SenderReply = null;
        _recipientReplies.Clear();
        DeliveryStatusNotificationType = ret switch
        {
            DsnReturn.Full => DeliveryStatusNotificationType.Full,
            DsnReturn.Headers => DeliveryStatusNotificationType.HeadersOnly,
            _ => DeliveryStatusNotificationType.Unspecified,
        };
        _envelopeId = envelopeId.Length == 0 ? null : envelopeId;
        _notify.Clear();
        foreach (var (mailbox, value) in notify)
        {
            _notify[mailbox] = value;
        }
    }

    /// <inheritdoc/>
    protected override bool PreferSendAsBinaryData => _preferChunking;

    /// <inheritdoc/>
    protected override string? GetEnvelopeId(MimeMessage message) => _envelopeId;

    /// <inheritdoc/>
    protected override DeliveryStatusNotification? GetDeliveryStatusNotifications(MimeMessage message, MailboxAddress mailbox)
    {
        if (!_notify.TryGetValue(mailbox, out var notify) || notify == DsnNotify.None)
        {
            return null;
        }
        if ((notify & DsnNotify.Never) != 0)
        {
            return DeliveryStatusNotification.Never;
        }
        var result = DeliveryStatusNotification.Never;
        if ((notify & DsnNotify.Success) != 0)
        {
            result |= DeliveryStatusNotification.Success;
        }
        if ((notify & DsnNotify.Failure) != 0)
        {
            result |= DeliveryStatusNotification.Failure;
        }
        if ((notify & DsnNotify.Delay) != 0)
        {
            result |= DeliveryStatusNotification.Delay;
        }
        return result;
    }

    /// <inheritdoc/>
    protected override void Prepare(FormatOptions options, MimeMessage message, EncodingConstraint constraint, int maxLineLength)
    {
        // Nothing: the queued message is sent as it is, never re-encoded for the server's extensions.
    }

    /// <inheritdoc/>
    protected override void OnSenderAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) => SenderReply = response;

    /// <inheritdoc/>
    protected override void OnSenderNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        SenderReply = response;
        base.OnSenderNotAccepted(message, mailbox, response);
    }

    /// <inheritdoc/>
    protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) => _recipientReplies[mailbox] = response;

    /// <inheritdoc/>
    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) => _recipientReplies[mailbox] = response;

    /// <inheritdoc/>
    protected override void OnNoRecipientsAccepted(MimeMessage message)
    {
        // Every recipient already has its reply; MailKit then throws, and the caller uses the replies.
    }
}
