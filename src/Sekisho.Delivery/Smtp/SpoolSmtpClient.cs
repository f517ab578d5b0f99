using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace Sekisho.Delivery.Smtp;

/// <summary>
/// MailKit's SMTP client with the envelope hooks taken over: every MAIL FROM and RCPT TO reply is recorded
/// (a refused recipient does not end the transaction), and the message is never re-encoded (no
/// <see cref="MimeMessage.Prepare"/>), so the queued bytes go out as they are.
/// </summary>
public sealed class SpoolSmtpClient : SmtpClient
{
    private readonly Dictionary<MailboxAddress, SmtpResponse> _recipientReplies = new(ReferenceEqualityComparer.Instance);
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

    /// <inheritdoc/>
    protected override bool PreferSendAsBinaryData => _preferChunking;

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
