using System.Buffers;

namespace Sekisho.Protocol.Smtp;

/// <summary>
/// Applies the bare-newline policy to BDAT chunk content (RFC 3030): no dot-stuffing and no end marker,
/// only bare CR/LF handling, with state carried across chunk boundaries (a CR at the end of one chunk and an LF
/// at the start of the next form a CRLF).
/// </summary>
/// <remarks>
/// Under <see cref="BareNewlinePolicy.Normalize"/> a bare CR or LF is written as CRLF; under
/// <see cref="BareNewlinePolicy.Reject"/> the first one makes this and every later call return false. A CR is judged
/// when the byte after it arrives, or by <see cref="Complete"/>.
/// </remarks>
public sealed class ChunkNormalizer
{
    private readonly BareNewlinePolicy policy;
    private bool pendingCr;
    private bool rejected;
    private long contentLength;

    /// <summary>Creates a normalizer for one message.</summary>
    /// <param name="policy">What to do with bare CR and LF.</param>
    public ChunkNormalizer(BareNewlinePolicy policy) => this.policy = policy;

    /// <summary>Content bytes written so far.</summary>
    public long ContentLength => contentLength;

    /// <summary>Processes bytes of a chunk.</summary>
    /// <param name="input">Chunk bytes.</param>
    /// <param name="output">Where content goes.</param>
    /// <returns>False when a bare CR/LF was seen under <see cref="BareNewlinePolicy.Reject"/>.</returns>
    public bool Process(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (rejected)
        {
            return false;
        }
        while (!input.IsEmpty)
        {
            if (pendingCr)
            {
                pendingCr = false;
                if (input[0] == '\n')
                {
                    Write(output, "\r\n"u8);
                    input = input[1..];
                    continue;
                }
                if (!BareNewline(output))
                {
                    return false;
                }
            }

            var end = input.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                Write(output, input);
                break;
            }
            Write(output, input[..end]);
            if (input[end] == '\r')
            {
                pendingCr = true;
            }
            else if (!BareNewline(output))
            {
                return false;
            }
            input = input[(end + 1)..];
        }
        return true;
    }

    /// <summary>Ends the message (after the BDAT LAST chunk): flushes a pending CR.</summary>
    /// <param name="output">Where content goes.</param>
    /// <returns>False when the pending byte is a bare CR under <see cref="BareNewlinePolicy.Reject"/>.</returns>
    public bool Complete(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (rejected)
        {
            return false;
        }
        if (pendingCr)
        {
            pendingCr = false;
            return BareNewline(output);
        }
        return true;
    }

    private bool BareNewline(IBufferWriter<byte> output)
    {
        if (policy == BareNewlinePolicy.Reject)
        {
            rejected = true;
            return false;
        }
        Write(output, "\r\n"u8);
        return true;
    }

    private void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        if (!bytes.IsEmpty)
        {
            output.Write(bytes);
            contentLength += bytes.Length;
        }
    }
}
