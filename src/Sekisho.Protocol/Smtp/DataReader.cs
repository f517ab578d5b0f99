using System.Buffers;

namespace Sekisho.Protocol.Smtp;

/// <summary>
/// The DATA content reader (RFC 5321 4.1.1.4, 4.5.2): a byte-level state machine that removes dot-stuffing,
/// finds the end of data and applies the bare-newline policy. Only <c>&lt;CRLF&gt;.&lt;CRLF&gt;</c> ends the message
/// (the CRLF of the DATA command line counts as the first CRLF, so an empty message is just <c>.CRLF</c>);
/// <c>&lt;LF&gt;.&lt;LF&gt;</c>, <c>&lt;CR&gt;.&lt;CR&gt;</c>, <c>&lt;LF&gt;.&lt;CRLF&gt;</c>, <c>&lt;CRLF&gt;.&lt;LF&gt;</c>,
/// <c>&lt;CR&gt;.&lt;LF&gt;</c> and the like never do (SMTP smuggling). No I/O; holds at most a few bytes between calls.
/// </summary>
/// <remarks>
/// <para>Dot-unstuffing: every line that begins with a dot loses that dot, except the end-of-data line. A line begins
/// after a CRLF, at the start, and (under <see cref="BareNewlinePolicy.Normalize"/>) after a bare CR or LF.</para>
/// <para>Under <see cref="BareNewlinePolicy.Normalize"/> a bare CR or LF is written as CRLF but is not a CRLF for the
/// end-of-data rule. So a would-be terminator such as <c>CRLF "." LF</c> is content: its dot is unstuffed like any
/// other line-initial dot and its LF becomes CRLF, so <c>a CRLF "." LF b</c> is stored as <c>a CRLF CRLF b</c>
/// (an empty line), and whatever follows (a smuggled <c>MAIL FROM</c> and all) stays part of this message.
/// A CR followed by another CR is a bare CR then a fresh CR, so <c>CR CR LF</c> is stored as <c>CRLF CRLF</c> and
/// its second half is a real CRLF.</para>
/// <para>Under <see cref="BareNewlinePolicy.Reject"/> the first bare CR or LF stops the reader for good
/// (<see cref="DataReadStatus.BareNewlineRejected"/>); a CR is judged when the byte after it arrives.</para>
/// </remarks>
public sealed class DataReader
{
    private readonly BareNewlinePolicy policy;
    private State state = State.LineStart;
    private long contentLength;

    /// <summary>Creates a reader for one message.</summary>
    /// <param name="policy">What to do with bare CR and LF.</param>
    public DataReader(BareNewlinePolicy policy) => this.policy = policy;

    private enum State : byte
    {
        /// <summary>At the start of a line after a real CRLF (or at the very start).</summary>
        LineStart,

        /// <summary>At the start of a line after a normalized bare CR or LF: a dot here is unstuffed but never ends data.</summary>
        BareLineStart,

        /// <summary>Inside a line.</summary>
        Text,

        /// <summary>After a CR not yet written (waiting to see whether LF follows).</summary>
        Cr,

        /// <summary>After CRLF "." (the dot is dropped either way).</summary>
        Dot,

        /// <summary>After CRLF "." CR.</summary>
        DotCr,

        /// <summary>The end of data was read.</summary>
        Done,

        /// <summary>A bare newline was refused.</summary>
        Rejected,
    }

    /// <summary>Content bytes written to outputs so far (after unstuffing and normalization).</summary>
    public long ContentLength => contentLength;

    /// <summary>
    /// Consumes input and writes the message content (dot-unstuffed, bare CR/LF normalized to CRLF, ending with
    /// the CRLF that preceded the final dot) to <paramref name="output"/>. Bytes that cannot be decided yet
    /// (a trailing CR, a line start dot) are kept inside and decided on the next call.
    /// </summary>
    /// <param name="input">The next bytes from the client.</param>
    /// <param name="output">Where content goes.</param>
    /// <param name="consumed">How many bytes of <paramref name="input"/> were consumed: all of them unless Complete
    /// (then up to and including the final LF) or BareNewlineRejected (then the index of the byte that showed the
    /// bare newline). Once the reader has completed or rejected, later calls consume nothing and return the same status.</param>
    public DataReadStatus Process(ReadOnlySpan<byte> input, IBufferWriter<byte> output, out int consumed)
    {
        ArgumentNullException.ThrowIfNull(output);
        var i = 0;
        while (i < input.Length)
        {
            switch (state)
            {
                case State.Text:
                    var run = input[i..];
                    var end = run.IndexOfAny((byte)'\r', (byte)'\n');
                    if (end < 0)
                    {
                        Write(output, run);
                        i = input.Length;
                        break;
                    }
                    Write(output, run[..end]);
                    i += end;
                    if (input[i] == '\r')
                    {
                        state = State.Cr;
                        i++;
                    }
                    else if (BareNewline(output))
                    {
                        i++;
                    }
                    else
                    {
                        consumed = i;
                        return DataReadStatus.BareNewlineRejected;
                    }
                    break;

                case State.LineStart:
                    if (input[i] == '.')
                    {
                        state = State.Dot;
                        i++;
                    }
                    else
                    {
                        state = State.Text;
                    }
                    break;

                case State.BareLineStart:
                    if (input[i] == '.')
                    {
                        i++;
                    }
                    state = State.Text;
                    break;

                case State.Dot:
                    if (input[i] == '\r')
                    {
                        state = State.DotCr;
                        i++;
                    }
                    else
                    {
                        state = State.Text;
                    }
                    break;

                case State.Cr:
                case State.DotCr:
                    if (input[i] == '\n')
                    {
                        if (state == State.DotCr)
                        {
                            state = State.Done;
                            consumed = i + 1;
                            return DataReadStatus.Complete;
                        }
                        Write(output, "\r\n"u8);
                        state = State.LineStart;
                        i++;
                    }
                    else if (!BareNewline(output))
                    {
                        consumed = i;
                        return DataReadStatus.BareNewlineRejected;
                    }
                    break;

                case State.Done:
                    consumed = 0;
                    return DataReadStatus.Complete;

                default:
                    consumed = 0;
                    return DataReadStatus.BareNewlineRejected;
            }
        }
        consumed = input.Length;
        return state switch
        {
            State.Done => DataReadStatus.Complete,
            State.Rejected => DataReadStatus.BareNewlineRejected,
            _ => DataReadStatus.NeedMoreData,
        };
    }

    /// <summary>Applies the policy to a bare CR or LF: writes CRLF and starts a (bare) line, or rejects.</summary>
    private bool BareNewline(IBufferWriter<byte> output)
    {
        if (policy == BareNewlinePolicy.Reject)
        {
            state = State.Rejected;
            return false;
        }
        Write(output, "\r\n"u8);
        state = State.BareLineStart;
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
