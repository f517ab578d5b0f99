using System.Text;

namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>Byte-exact line reading (lines end at LF, which is kept) over a stream, for the fake SMTP server.</summary>
public sealed class LineStream
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    public LineStream(Stream stream) => _stream = stream;

    /// <summary>True when the client already sent more than has been read (it pipelines).</summary>
    public bool HasBufferedInput => _start < _end;

    public async Task<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new MemoryStream();
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _stream.ReadAsync(_buffer, cancellationToken);
                if (_end == 0)
                {
                    return line.Length > 0 ? line.ToArray() : null;
                }
            }
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline + 1;
            line.Write(_buffer, _start, stop - _start);
            _start = stop;
            if (newline >= 0)
            {
                return line.ToArray();
            }
        }
    }

    public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var filled = Math.Min(count, _end - _start);
        Array.Copy(_buffer, _start, result, 0, filled);
        _start += filled;
        await _stream.ReadExactlyAsync(result.AsMemory(filled), cancellationToken);
        return result;
    }

    public async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }
}
