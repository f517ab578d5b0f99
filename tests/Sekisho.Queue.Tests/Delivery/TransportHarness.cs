using System.Runtime.Versioning;
namespace Sekisho.Queue.Tests.Delivery;

/// <summary>
/// A real spool in a temporary folder that the <c>default_privs</c> user (nobody) may write to, for running
/// a transport on a queued message. Tests run as root in CI containers, so commands really switch users.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class TransportHarness : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Spool _spool;

    public TransportHarness()
    {
        _spool = new Spool(Path.Combine(_folder.Path, "queue"));
        Output = Path.Combine(_folder.Path, "out");
        Directory.CreateDirectory(Output);
        File.SetUnixFileMode(Output, (UnixFileMode)0b111_111_111);
    }

    /// <summary>A folder everyone may write to, for what commands produce.</summary>
    public string Output { get; }

    /// <summary>When set, stored as the message's deferral trailer before it is handed to the transport.</summary>
    public IReadOnlyList<(string Address, string Reason)>? DeferReasons { get; init; }

    /// <summary>Queues a message and hands all its recipients to <paramref name="transport"/>.</summary>
    public async Task<IReadOnlyList<RecipientResult>> DeliverAsync(ITransport transport, string content, string sender, params QueueRecipient[] recipients)
    {
        var id = await SpoolTests.QueueAsync(_spool, SpoolTests.Envelope(recipients) with { Sender = sender }, content);
        using var message = _spool.Open(id, QueueState.Incoming);
        if (DeferReasons is { } reasons)
        {
            Assert.True(message.SetDeferReasons(reasons));
        }
        var request = new DeliveryRequest(message, recipients.Select((recipient, index) => (index, recipient)).ToList(), false);
        return await transport.DeliverAsync(request, CancellationToken.None);
    }

    public void Dispose() => _folder.Dispose();
}
