using Sekisho.Queue;

namespace Sekisho.Delivery.Smtp;

/// <summary>
/// The envelope of one SMTP mail transaction: the sender, the recipients, and the RFC 3461 requests that go with
/// them to a next hop that offers DSN (<c>RET</c> and <c>ENVID</c> on MAIL FROM, <c>NOTIFY</c> on RCPT TO).
/// </summary>
/// <param name="Sender">The envelope sender; empty for the null sender.</param>
/// <param name="Recipients">The recipients, each with its index in the queue file.</param>
public sealed record SmtpEnvelope(string Sender, IReadOnlyList<SmtpEnvelopeRecipient> Recipients)
{
    /// <summary>The RET parameter the message was received with.</summary>
    public DsnReturn Return { get; init; }

    /// <summary>The ENVID parameter the message was received with (decoded); empty when none.</summary>
    public string EnvelopeId { get; init; } = "";
}
