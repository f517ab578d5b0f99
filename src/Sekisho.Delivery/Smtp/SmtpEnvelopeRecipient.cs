using Sekisho.Queue;

namespace Sekisho.Delivery.Smtp;

/// <summary>One recipient of an <see cref="SmtpEnvelope"/>.</summary>
/// <param name="Index">The recipient's index in the queue file.</param>
/// <param name="Address">The address for RCPT TO.</param>
/// <param name="Notify">The NOTIFY parameter the recipient was received with.</param>
public sealed record SmtpEnvelopeRecipient(int Index, string Address, DsnNotify Notify = DsnNotify.None);
