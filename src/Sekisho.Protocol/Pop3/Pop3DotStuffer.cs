using System.Buffers;

namespace Sekisho.Protocol.Pop3;

/// <summary>
/// Writes message content as the body of a POP3 multi-line response (RFC 1939 3): a dot is added before every line
/// that begins with one, and <see cref="Complete"/> ends the body with <c>.CRLF</c>. Streaming: fed any number of
/// chunks split anywhere; it keeps two bytes of state and no buffer.
/// </summary>
/// <remarks>
/// <para>A line begins at the start of the content and after every LF, bare or not, so that a client which splits
/// lines on LF alone can never see a lone <c>.</c> line inside a message and take it for the end. Content bytes are
/// otherwise passed through unchanged: a stored message already has CRLF line endings, and keeping bare CR or LF
/// as they are keeps the wire size equal to the file size plus the stuffed dots.</para>
/// <para>Content that does not end with CRLF gets one before the terminator, because the terminator must be
/// <c>CRLF.CRLF</c>: a trailing CR gets its LF, anything else (a bare LF included) a whole CRLF. Empty content
/// writes only <c>.CRLF</c>, the CRLF of the status line serving as the first half of the terminator.</para>
/// </remarks>
public sealed class Pop3DotStuffer
{
    private bool _atLineStart = true;
    private byte _last;
    private byte _beforeLast;
    private long _contentLength;
    private long _bytesWritten;
    private bool _completed;

    /// <summary>Content bytes consumed so far.</summary>
    public long ContentLength => _contentLength;

    /// <summary>Bytes written to the output so far: the content, the stuffed dots, and after <see cref="Complete"/> the ending.</summary>
    public long BytesWritten => _bytesWritten;

    /// <summary>Writes the next chunk of content, dot-stuffed.</summary>
    /// <param name="content">The next bytes of the message.</param>
    /// <param name="output">The response being written.</param>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> was already called.</exception>
    public void Write(ReadOnlySpan<byte> content, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ThrowIfCompleted();
        if (content.IsEmpty)
        {
            return;
        }
        _beforeLast = content.Length >= 2 ? content[^2] : _last;
        _last = content[^1];
        _contentLength += content.Length;
        while (!content.IsEmpty)
        {
            if (_atLineStart && content[0] == (byte)'.')
            {
                Emit(output, "."u8);
            }
            var newline = content.IndexOf((byte)'\n');
            var line = newline < 0 ? content : content[..(newline + 1)];
            Emit(output, line);
            _atLineStart = newline >= 0;
            content = content[line.Length..];
        }
    }

    /// <summary>Ends the body: the CRLF the content lacks (see the remarks), then <c>.CRLF</c>.</summary>
    /// <param name="output">The response being written.</param>
    /// <exception cref="InvalidOperationException">Already called.</exception>
    public void Complete(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ThrowIfCompleted();
        _completed = true;
        if (_contentLength == 0 || (_last == (byte)'\n' && _beforeLast == (byte)'\r'))
        {
            Emit(output, ".\r\n"u8);
        }
        else if (_last == (byte)'\r')
        {
            Emit(output, "\n.\r\n"u8);
        }
        else
        {
            Emit(output, "\r\n.\r\n"u8);
        }
    }

    private void Emit(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        _bytesWritten += bytes.Length;
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The multi-line body was already completed.");
        }
    }
}
