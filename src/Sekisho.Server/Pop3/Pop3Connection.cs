using System.IO.Pipelines;
using Sekisho.Protocol.Pop3;
using Sekisho.Server.Hosting;
using Sekisho.Server.Smtp;

namespace Sekisho.Server.Pop3;

/// <summary>
/// The byte side of one POP3 connection: the piped, TLS-capable line connection (<see cref="PipedConnection"/>;
/// replies batched until the server waits for input, RFC 2449 PIPELINING; STLS per RFC 2595 4) plus POP3 replies
/// and multi-line responses.
/// </summary>
internal sealed class Pop3Connection : PipedConnection
{
    public Pop3Connection(Stream network)
        : base(network)
    {
    }

    /// <summary>Where multi-line responses (listings, messages) are written; flushed before the next read.</summary>
    public PipeWriter Output => Writer;

    /// <summary>Queues a status line; it is sent at the next flush.</summary>
    public void Write(Pop3Reply reply) => reply.WriteTo(Writer);

    /// <summary>Queues a multi-line response: the status line, the dot-stuffed lines and the final <c>.</c>.</summary>
    public void Write(Pop3Reply status, IEnumerable<string> lines) => Pop3MultiLine.Write(Writer, status, lines);

    /// <summary>
    /// Reads one line (CRLF or bare LF ended) of at most <paramref name="limit"/> bytes; a longer line is skipped to
    /// its end without being buffered. Replies still queued are flushed first when no complete line is buffered yet.
    /// </summary>
    /// <param name="limit">The longest line accepted, without its ending.</param>
    /// <param name="cancellationToken">Timeout or shutdown.</param>
    /// <returns>How the read ended, and the line without its ending when one was read.</returns>
    public async ValueTask<(LineReadStatus Status, byte[]? Line)> ReadLineAsync(int limit, CancellationToken cancellationToken)
    {
        byte[]? line = null;
        var status = await ReadLineAsync(limit, (content, _) => line = content.ToArray(), cancellationToken);
        return (status, status == LineReadStatus.Line ? line : null);
    }
}
