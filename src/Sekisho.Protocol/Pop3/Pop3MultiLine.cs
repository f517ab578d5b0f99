using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Sekisho.Protocol.Pop3;

/// <summary>
/// Multi-line responses (RFC 1939 3): a status line, lines dot-stuffed, and a line holding only <c>.</c>. Short
/// listings (CAPA, LIST, UIDL, AUTH) are written from strings; messages (RETR, TOP) are streamed from a
/// <see cref="Stream"/> through <see cref="Pop3DotStuffer"/> and, for TOP, <see cref="Pop3TopCut"/>, with a fixed buffer.
/// </summary>
public static class Pop3MultiLine
{
    /// <summary>The size of the buffer a message is copied through.</summary>
    public const int CopyBufferSize = 64 * 1024;

    /// <summary>Writes <paramref name="status"/>, each line (dot-stuffed, with CRLF) and the terminating <c>.</c>.</summary>
    /// <param name="output">The response being written.</param>
    /// <param name="status">The <c>+OK</c> line, e.g. <see cref="Pop3Reply.CapabilityListFollows"/>.</param>
    /// <param name="lines">The lines without CRLF; none may contain CR or LF.</param>
    /// <exception cref="ArgumentException">A line contains CR or LF.</exception>
    public static void Write(IBufferWriter<byte> output, Pop3Reply status, IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(lines);
        status.WriteTo(output);
        foreach (var line in lines)
        {
            if (line.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException("A line of a multi-line response must not contain CR or LF.", nameof(lines));
            }
            if (line.StartsWith('.'))
            {
                output.Write("."u8);
            }
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(line.Length) + 2);
            var written = Encoding.UTF8.GetBytes(line, span);
            span[written++] = (byte)'\r';
            span[written++] = (byte)'\n';
            output.Advance(written);
        }
        output.Write(".\r\n"u8);
    }

    /// <summary>The whole response as a string (for tests, logs and small replies).</summary>
    /// <param name="status">The <c>+OK</c> line.</param>
    /// <param name="lines">The lines without CRLF.</param>
    /// <exception cref="ArgumentException">A line contains CR or LF.</exception>
    public static string Format(Pop3Reply status, IEnumerable<string> lines)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, status, lines);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Streams a message as the body of a RETR or TOP response: dot-stuffed, cut for TOP, ending with
    /// <c>.CRLF</c>. The caller writes the status line first. The output is flushed after each chunk so memory stays
    /// bounded (and a slow client holds back the reading); the last bytes, with the terminator, are left for the
    /// caller's next flush like any other reply.
    /// </summary>
    /// <param name="message">The stored message, read from its current position to its end (or TOP's cut).</param>
    /// <param name="output">The connection's writer.</param>
    /// <param name="bodyLines">TOP's line count, or null for RETR (the whole message).</param>
    /// <param name="cancellationToken">Timeout or shutdown.</param>
    /// <returns>The number of bytes written, terminator included.</returns>
    /// <exception cref="IOException">Reading the message failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<long> CopyMessageAsync(Stream message, PipeWriter output, int? bodyLines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        var stuffer = new Pop3DotStuffer();
        var cut = bodyLines is { } lines ? new Pop3TopCut(lines) : null;
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            while (cut is not { IsComplete: true })
            {
                var read = await message.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                WriteChunk(stuffer, cut, buffer.AsSpan(0, read), output);
                var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    return stuffer.BytesWritten; // the connection is gone; nothing more can be sent
                }
            }
            stuffer.Complete(output);
            return stuffer.BytesWritten;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void WriteChunk(Pop3DotStuffer stuffer, Pop3TopCut? cut, ReadOnlySpan<byte> chunk, IBufferWriter<byte> output)
    {
        var keep = cut?.Take(chunk) ?? chunk.Length;
        stuffer.Write(chunk[..keep], output);
    }
}
