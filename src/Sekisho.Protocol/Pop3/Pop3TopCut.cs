namespace Sekisho.Protocol.Pop3;

/// <summary>
/// Finds where TOP's part of a message ends (RFC 1939 7): <c>TOP msg n</c> sends the header, the blank line that
/// ends it, and the first n lines of the body. That part is always a prefix of the message, so this only says how
/// much of each chunk to keep. Streaming: fed chunks split anywhere, it keeps a few flags of state.
/// </summary>
/// <remarks>
/// Lines end at LF, bare or after CR, as for <see cref="Pop3DotStuffer"/>. The header ends at the first empty line
/// (CRLF or bare LF alone); a message that starts with one has an empty header. A message without an empty line
/// is all header, and is sent whole. When the body has fewer lines than asked for, the whole message is sent; a
/// last body line without a line ending counts as a line.
/// </remarks>
public sealed class Pop3TopCut
{
    private readonly int _bodyLines;
    private bool _inBody;
    private bool _atLineStart = true;
    private bool _lineIsCr;
    private int _bodyLinesSeen;

    /// <summary>Creates a cut for one message.</summary>
    /// <param name="bodyLines">TOP's second argument: how many body lines to send (0 or more).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bodyLines"/> is negative.</exception>
    public Pop3TopCut(int bodyLines)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bodyLines);
        _bodyLines = bodyLines;
    }

    /// <summary>True once the cut was found; later chunks are not wanted (<see cref="Take"/> returns 0).</summary>
    public bool IsComplete { get; private set; }

    /// <summary>How many leading bytes of <paramref name="content"/>, the next chunk of the message, belong to TOP's response.</summary>
    /// <param name="content">The next bytes of the message.</param>
    /// <returns>All of them, or fewer when the cut is in this chunk (then <see cref="IsComplete"/> is true).</returns>
    public int Take(ReadOnlySpan<byte> content)
    {
        if (IsComplete)
        {
            return 0;
        }
        var i = 0;
        while (i < content.Length)
        {
            if (_inBody)
            {
                var newline = content[i..].IndexOf((byte)'\n');
                if (newline < 0)
                {
                    return content.Length;
                }
                i += newline + 1;
                if (++_bodyLinesSeen >= _bodyLines)
                {
                    IsComplete = true;
                    return i;
                }
                continue;
            }

            var b = content[i++];
            if (b == (byte)'\n')
            {
                if (_atLineStart || _lineIsCr)
                {
                    _inBody = true;
                    if (_bodyLines == 0)
                    {
                        IsComplete = true;
                        return i;
                    }
                }
                _atLineStart = true;
                _lineIsCr = false;
            }
            else
            {
                _lineIsCr = b == (byte)'\r' && _atLineStart;
                _atLineStart = false;
            }
        }
        return content.Length;
    }
}
