namespace Sekisho.Delivery.Smtp;

/// <summary>
/// Streaming line-ending repair for message content sent over SMTP: a bare CR or a bare LF becomes CRLF,
/// CRLF stays, and content that does not end with a line break gets one. Together with dot-stuffing this
/// keeps the next hop from ever seeing an end-of-data sequence inside the message (SMTP smuggling).
/// </summary>
public sealed class CrlfNormalizer
{
    private bool _pendingCr;
    private bool _atLineStart = true;

    /// <summary>The most output <see cref="Transform"/> can produce for <paramref name="inputLength"/> input bytes.</summary>
    /// <param name="inputLength">Input bytes.</param>
    public static int MaxOutput(int inputLength) => 2 * inputLength + 2;

    /// <summary>Normalizes the next piece of content.</summary>
    /// <param name="input">Content bytes.</param>
    /// <param name="output">Room for <see cref="MaxOutput"/> bytes.</param>
    /// <returns>Bytes written to <paramref name="output"/>.</returns>
    public int Transform(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var written = 0;
        foreach (var b in input)
        {
            if (_pendingCr)
            {
                _pendingCr = false;
                output[written++] = (byte)'\r';
                output[written++] = (byte)'\n';
                _atLineStart = true;
                if (b == '\n')
                {
                    continue;
                }
            }
            switch (b)
            {
                case (byte)'\r':
                    _pendingCr = true;
                    break;
                case (byte)'\n':
                    output[written++] = (byte)'\r';
                    output[written++] = (byte)'\n';
                    _atLineStart = true;
                    break;
                default:
                    output[written++] = b;
                    _atLineStart = false;
                    break;
            }
        }
        return written;
    }

    /// <summary>Ends the content: a CR left over, or a last line without a line break, gets its CRLF.</summary>
    /// <param name="output">Room for 2 bytes.</param>
    /// <returns>Bytes written.</returns>
    public int Finish(Span<byte> output)
    {
        if (_pendingCr || !_atLineStart)
        {
            _pendingCr = false;
            _atLineStart = true;
            output[0] = (byte)'\r';
            output[1] = (byte)'\n';
            return 2;
        }
        return 0;
    }
}
