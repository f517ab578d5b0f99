using System.Buffers;
using System.IO.Pipelines;

namespace Sekisho.Cli.Sendmail;

/// <summary>
/// Reads a message from a stream line by line, without holding more than <see cref="MaxPiece"/> bytes: a line ends
/// at LF (a CR before it is dropped); a longer line comes in pieces, each but the last without <see cref="Line.Ended"/>.
/// </summary>
internal sealed class InputLineReader
{
    /// <summary>The longest piece of a line handed out at once.</summary>
    public const int MaxPiece = 64 * 1024;

    private readonly PipeReader _reader;
    private bool _done;
    private bool _midLine;

    public InputLineReader(Stream input) => _reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: MaxPiece, leaveOpen: true));

    /// <summary>A line (or piece of one) without its line end.</summary>
    /// <param name="Bytes">The bytes, copied.</param>
    /// <param name="Ended">Whether the line ends here (false for a piece of a long line; the last line ends at the end of input).</param>
    /// <param name="Starts">Whether this is the start of a line (false for the pieces after the first).</param>
    public readonly record struct Line(byte[] Bytes, bool Ended, bool Starts)
    {
        public bool IsEmpty => Bytes.Length == 0 && Ended && Starts;

        public bool IsDot => Ended && Starts && Bytes is [(byte)'.'];
    }

    /// <summary>The next line, or null at the end of input.</summary>
    public async ValueTask<Line?> ReadAsync(CancellationToken cancellationToken)
    {
        while (!_done)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } position)
            {
                var line = buffer.Slice(0, position);
                var bytes = Trim(line.ToArray());
                _reader.AdvanceTo(buffer.GetPosition(1, position));
                return Next(bytes, true);
            }
            if (buffer.Length >= MaxPiece)
            {
                var piece = buffer.Slice(0, MaxPiece - 1).ToArray();
                if (piece[^1] == '\r')
                {
                    piece = piece[..^1]; // keep a CR with its LF
                }
                _reader.AdvanceTo(buffer.GetPosition(piece.Length));
                return Next(piece, false);
            }
            if (result.IsCompleted)
            {
                _done = true;
                if (buffer.IsEmpty)
                {
                    break;
                }
                var last = Trim(buffer.ToArray());
                _reader.AdvanceTo(buffer.End);
                return Next(last, true);
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
        return null;
    }

    /// <summary>Reads and drops whatever input is left (so a writer into a pipe is not killed by SIGPIPE).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (!_done)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            _reader.AdvanceTo(result.Buffer.End);
            _done = result.IsCompleted;
        }
    }

    private Line Next(byte[] bytes, bool ended)
    {
        var line = new Line(bytes, ended, !_midLine);
        _midLine = !ended;
        return line;
    }

    private static byte[] Trim(byte[] line) => line is [.., (byte)'\r'] ? line[..^1] : line;
}
