using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Bench.Micro;

/// <summary>
/// DATA content through <see cref="DataReader"/> (dot-unstuffing, end-of-data, bare-newline policy) into a sink that
/// discards what it holds once it passes 32 KB, as the server's message sink hands its buffer to the spool file at
/// that mark (the file write itself is not measured). <see cref="ThroughPipe"/> goes through a <see cref="Pipe"/>
/// fed in 16 KB reads, as the session's pipe reader delivers socket data (its read loop copied from the server's
/// DataReceiver); <see cref="SpanOnly"/> feeds the same 16 KB slices straight to the reader. Size counts the bytes
/// sent, including the stuffed dots and the final <c>.CRLF</c>; MB/s is that over the mean time.
/// </summary>
[MemoryDiagnoser]
public class DataReaderBenchmarks
{
    private const int ReadSize = 16 * 1024;
    private const int FlushThreshold = 32 * 1024;
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, minimumSegmentSize: ReadSize, useSynchronizationContext: false));
    private readonly ArrayBufferWriter<byte> _sink = new(FlushThreshold * 2);
    private byte[] _wire = [];
    private long _contentLength;

    /// <summary>The message size on the wire in bytes.</summary>
    [Params(1_024, 10_240, 1_048_576)]
    public int Size { get; set; }

    /// <summary>Builds the message and checks that both paths read it whole.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _wire = DataMessage.Create(Size);
        _contentLength = SpanOnly();
        var piped = ThroughPipe().AsTask().GetAwaiter().GetResult();
        if (piped != _contentLength || _contentLength >= Size)
        {
            throw new InvalidOperationException($"content {piped} through the pipe, {_contentLength} directly, from {Size} bytes");
        }
    }

    /// <summary>Reads the message through a pipe; returns the content length.</summary>
    [Benchmark(Baseline = true)]
    public async ValueTask<long> ThroughPipe()
    {
        _sink.ResetWrittenCount();
        var reader = new DataReader(BareNewlinePolicy.Normalize);
        var writer = _pipe.Writer;
        var sent = 0;
        while (true)
        {
            if (sent < _wire.Length)
            {
                var chunk = Math.Min(ReadSize, _wire.Length - sent);
                writer.Write(_wire.AsSpan(sent, chunk));
                sent += chunk;
                await writer.FlushAsync();
            }
            var result = await _pipe.Reader.ReadAsync();
            var buffer = result.Buffer;
            var status = DataReadStatus.NeedMoreData;
            long consumed = 0;
            foreach (var segment in buffer)
            {
                status = reader.Process(segment.Span, _sink, out var used);
                consumed += used;
                if (status != DataReadStatus.NeedMoreData)
                {
                    break;
                }
            }
            var position = buffer.GetPosition(consumed);
            _pipe.Reader.AdvanceTo(position, status == DataReadStatus.NeedMoreData ? buffer.End : position);
            Drain();
            if (status != DataReadStatus.NeedMoreData)
            {
                break;
            }
            if (sent == _wire.Length)
            {
                throw new InvalidOperationException("the message ended without CRLF.CRLF");
            }
        }
        await writer.CompleteAsync();
        await _pipe.Reader.CompleteAsync();
        _pipe.Reset(); // for the next operation, as a fresh pipe without allocating one
        return reader.ContentLength;
    }

    /// <summary>Reads the message from 16 KB slices of one array; returns the content length.</summary>
    [Benchmark]
    public long SpanOnly()
    {
        _sink.ResetWrittenCount();
        var reader = new DataReader(BareNewlinePolicy.Normalize);
        ReadOnlySpan<byte> wire = _wire;
        while (!wire.IsEmpty)
        {
            var slice = wire[..Math.Min(ReadSize, wire.Length)];
            var status = reader.Process(slice, _sink, out var used);
            wire = wire[used..];
            Drain();
            if (status != DataReadStatus.NeedMoreData)
            {
                break;
            }
        }
        return reader.ContentLength;
    }

    private void Drain()
    {
        if (_sink.WrittenCount >= FlushThreshold)
        {
            _sink.ResetWrittenCount();
        }
    }
}
