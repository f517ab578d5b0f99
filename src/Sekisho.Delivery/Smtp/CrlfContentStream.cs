namespace Sekisho.Delivery.Smtp;

/// <summary>A read-only stream over message content with its line endings repaired by <see cref="CrlfNormalizer"/>.</summary>
public sealed class CrlfContentStream : Stream
{
    private const int ChunkSize = 16 * 1024;
    private readonly Stream _inner;
    private readonly CrlfNormalizer _normalizer = new();
    private readonly byte[] _input = new byte[ChunkSize];
    private readonly byte[] _output = new byte[CrlfNormalizer.MaxOutput(ChunkSize)];
    private int _outputStart;
    private int _outputEnd;
    private bool _finished;

    /// <summary>Wraps <paramref name="inner"/>, which this stream disposes.</summary>
    /// <param name="inner">The raw content.</param>
    public CrlfContentStream(Stream inner) => _inner = inner;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        while (_outputStart == _outputEnd && !_finished)
        {
            Refill(_inner.Read(_input, 0, _input.Length));
        }
        return Drain(buffer);
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_outputStart == _outputEnd && !_finished)
        {
            Refill(await _inner.ReadAsync(_input.AsMemory(), cancellationToken));
        }
        return Drain(buffer.Span);
    }

    private void Refill(int read)
    {
        _outputStart = 0;
        if (read == 0)
        {
            _outputEnd = _normalizer.Finish(_output);
            _finished = true;
        }
        else
        {
            _outputEnd = _normalizer.Transform(_input.AsSpan(0, read), _output);
        }
    }

    private int Drain(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _outputEnd - _outputStart);
        _output.AsSpan(_outputStart, count).CopyTo(buffer);
        _outputStart += count;
        return count;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
