using Sekisho.Queue;

namespace Sekisho.Delivery.Error;

/// <summary>
/// Postfix's <c>error</c> transport: returns every recipient routed to it, with the reason its next hop holds
/// (<c>5.1.1 User unknown in local recipient table</c>). Locally submitted mail to an unknown local user is queued
/// this way, since the <c>sendmail</c> command cannot be answered at RCPT time as an SMTP client can.
/// </summary>
public sealed class ErrorTransport : ITransport
{
    /// <summary>The transport's name in queue files.</summary>
    public const string TransportName = "error";

    /// <inheritdoc/>
    public string Name => TransportName;

    /// <inheritdoc/>
    public Task<IReadOnlyList<RecipientResult>> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<RecipientResult> results = [.. request.Recipients.Select(r => RecipientResult.Bounced("none", r.Recipient.NextHop))];
        return Task.FromResult(results);
    }
}
