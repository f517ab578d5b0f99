using Sekisho.Protocol.Smtp;

namespace Sekisho.Server.Smtp;

/// <summary>The end of receiving message content (DATA, or a BDAT chunk).</summary>
/// <param name="Reply">What to answer; null when the connection was lost.</param>
/// <param name="QueueId">The queue id when the message was queued.</param>
/// <param name="CloseConnection">True when the connection must be closed after the reply.</param>
/// <param name="TransactionEnded">True when the transaction is over (queued, refused, or failed).</param>
internal sealed record ContentResult(SmtpReply? Reply, string? QueueId, bool CloseConnection, bool TransactionEnded)
{
    public static ContentResult Lost { get; } = new(null, null, true, true);
}
