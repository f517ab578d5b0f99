using System.Buffers;
using Sekisho.Protocol.Smtp;
using Sekisho.Server.Hosting;

namespace Sekisho.Server.Smtp;

/// <summary>
/// The byte side of one SMTP connection: the piped, TLS-capable line connection (<see cref="PipedConnection"/>)
/// plus SMTP replies and raw reads for DATA and BDAT content.
/// </summary>
internal sealed class SmtpConnection : PipedConnection
{
    public SmtpConnection(Stream network)
        : base(network)
    {
    }

    /// <summary>Queues a reply; it is sent at the next flush (before the server waits for input).</summary>
    public void Write(SmtpReply reply) => reply.WriteTo(Writer);

    /// <summary>Reads whatever bytes are available (at least one), for DATA and BDAT content.</summary>
    /// <param name="cancellationToken">Timeout or abort.</param>
    /// <returns>The buffered bytes, or an empty sequence when the client closed the connection.</returns>
    public async ValueTask<ReadOnlySequence<byte>> ReadAsync(CancellationToken cancellationToken)
    {
        await YieldSometimesAsync();
        if (!Reader.TryRead(out var result))
        {
            await Writer.FlushAsync(cancellationToken);
            result = await Reader.ReadAsync(cancellationToken);
        }
        if (result.Buffer.IsEmpty && result.IsCompleted)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        return result.Buffer;
    }

    /// <summary>Tells the reader how much of the last <see cref="ReadAsync"/> buffer was used.</summary>
    public void AdvanceTo(SequencePosition consumed, SequencePosition examined) => Reader.AdvanceTo(consumed, examined);
}
