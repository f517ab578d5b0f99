using Sekisho.Queue;

namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>A real spool in a temporary folder, to hand queued messages to the smtp transport.</summary>
public sealed class SpoolHarness : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sekisho-smtp-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly Spool _spool;

    public SpoolHarness() => _spool = new Spool(_folder);

    /// <summary>Queues <paramref name="content"/> for the recipients and delivers all of them with <paramref name="transport"/>.</summary>
    public async Task<IReadOnlyList<RecipientResult>> DeliverAsync(ITransport transport, byte[] content, string sender, IEnumerable<string> recipients,
        string bodyType = "7BIT", bool smtpUtf8 = false)
    {
        var list = recipients.Select(r => new QueueRecipient(r, null, "smtp", r[(r.LastIndexOf('@') + 1)..])).ToList();
        var envelope = new QueueEnvelope
        {
            Sender = sender,
            Recipients = list,
            ArrivalTime = DateTimeOffset.UtcNow,
            BodyType = bodyType,
            SmtpUtf8 = smtpUtf8,
        };
        var id = _spool.NewQueueId();
        await using (var writer = await _spool.CreateAsync(id, envelope, CancellationToken.None))
        {
            await writer.AppendAsync(content, CancellationToken.None);
            await writer.CommitAsync(CancellationToken.None);
        }
        using var message = _spool.Open(id, QueueState.Incoming);
        var request = new DeliveryRequest(message, list.Select((r, i) => (i, r)).ToList(), false);
        return await transport.DeliverAsync(request, CancellationToken.None);
    }

    /// <summary>Queues <paramref name="content"/> with <paramref name="envelope"/> and delivers all its recipients with <paramref name="transport"/>.</summary>
    public async Task<IReadOnlyList<RecipientResult>> DeliverAsync(ITransport transport, byte[] content, QueueEnvelope envelope)
    {
        var id = _spool.NewQueueId();
        await using (var writer = await _spool.CreateAsync(id, envelope, CancellationToken.None))
        {
            await writer.AppendAsync(content, CancellationToken.None);
            await writer.CommitAsync(CancellationToken.None);
        }
        using var message = _spool.Open(id, QueueState.Incoming);
        var request = new DeliveryRequest(message, message.Envelope.Recipients.Select((r, i) => (i, r)).ToList(), false);
        return await transport.DeliverAsync(request, CancellationToken.None);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
