using System.Buffers;
using System.IO.Pipelines;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Cli.Sendmail;

/// <summary>
/// The byte side of <c>sendmail -bs</c>: one reader over standard input for the whole dialogue (so commands
/// pipelined after DATA are read from where the content ended), and replies queued on standard output until the
/// dialogue would wait for input: a pipelining client gets its replies in one write, an interactive one at once.
/// </summary>
/// <remarks>
/// A line ends at LF, with or without CR before it: the client is a local user, perhaps typing at a terminal, and
/// could write any message into the maildrop folder anyway, so the network's strict <c>CRLF.CRLF</c> rule guards
/// nothing here (Postfix exempts local clients the same way).
/// </remarks>
internal sealed class LocalSmtpChannel : IAsyncDisposable
{
    /// <summary>Replies queued beyond this are sent even when more input is waiting.</summary>
    private const int MaxUnflushedBytes = 16384;

    /// <summary>The longest piece of a content line handed on at once.</summary>
    private const int MaxContentPiece = 64 * 1024;

    private static readonly byte[] Crlf = "\r\n"u8.ToArray();
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private bool _discardingLongLine;

    /// <param name="input">Standard input.</param>
    /// <param name="output">Standard output.</param>
    public LocalSmtpChannel(Stream input, Stream output)
    {
        _reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 16384, leaveOpen: true));
        _writer = PipeWriter.Create(output, new StreamPipeWriterOptions(leaveOpen: true));
    }

    /// <summary>Queues a reply; it goes out before the dialogue next waits for input.</summary>
    public void Write(SmtpReply reply) => reply.WriteTo(_writer);

    /// <summary>Sends the queued replies now.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken) => await _writer.FlushAsync(cancellationToken);

    /// <summary>Reads one command line of at most <paramref name="limit"/> bytes, without its line end.</summary>
    /// <param name="limit">The longest line accepted (<c>line_length_limit</c>).</param>
    /// <param name="cancellationToken">Abort.</param>
    public async ValueTask<(LocalSmtpLineStatus Status, byte[] Line)> ReadLineAsync(int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } newline)
            {
                var line = buffer.Slice(0, newline).ToArray();
                _reader.AdvanceTo(buffer.GetPosition(1, newline));
                var content = line is [.., (byte)'\r'] ? line[..^1] : line;
                if (_discardingLongLine || content.Length > limit)
                {
                    _discardingLongLine = false;
                    return (LocalSmtpLineStatus.TooLong, []);
                }
                return (LocalSmtpLineStatus.Line, content);
            }
            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.End);
                return (LocalSmtpLineStatus.Closed, []);
            }
            if (buffer.Length > limit + 1)
            {
                _discardingLongLine = true;
                _reader.AdvanceTo(buffer.End);
                continue;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Reads DATA content up to and including the end-of-data line, line ends made CRLF, through
    /// <paramref name="dataReader"/> (dot-unstuffing, the end) into <paramref name="target"/>, flushing it as it goes
    /// (so the target's reader sets the pace). Once the target's reader is gone the rest is read and dropped.
    /// </summary>
    /// <param name="dataReader">A fresh reader for this message.</param>
    /// <param name="target">Where the content goes; not completed here.</param>
    /// <param name="cancellationToken">Abort.</param>
    /// <returns>True at the end-of-data line; false when the input ended first.</returns>
    public async Task<bool> CopyContentAsync(DataReader dataReader, PipeWriter target, CancellationToken cancellationToken)
    {
        var discard = new ArrayBufferWriter<byte>();
        IBufferWriter<byte> output = target;
        while (true)
        {
            var result = await ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var status = DataReadStatus.NeedMoreData;
            while (status == DataReadStatus.NeedMoreData && buffer.PositionOf((byte)'\n') is { } newline)
            {
                var line = buffer.Slice(0, newline);
                var content = line.Length > 0 && line.Slice(line.Length - 1).FirstSpan[0] == '\r' ? line.Slice(0, line.Length - 1) : line;
                Process(dataReader, content, output);
                status = dataReader.Process(Crlf, output, out _);
                buffer = buffer.Slice(buffer.GetPosition(1, newline));
            }
            if (status == DataReadStatus.NeedMoreData && buffer.Length >= MaxContentPiece)
            {
                // A long line goes on in pieces; a CR at the end of a piece waits for the LF that may follow it.
                var piece = buffer.Slice(0, buffer.Length - 1);
                var last = buffer.Slice(buffer.Length - 1).FirstSpan[0];
                Process(dataReader, last == '\r' ? piece : buffer, output);
                buffer = last == '\r' ? buffer.Slice(piece.End) : buffer.Slice(buffer.End);
            }
            var ended = status == DataReadStatus.Complete || result.IsCompleted;
            _reader.AdvanceTo(buffer.Start, ended ? buffer.Start : buffer.End);
            if (ReferenceEquals(output, target))
            {
                if ((await target.FlushAsync(cancellationToken)).IsCompleted)
                {
                    output = discard;
                }
            }
            discard.ResetWrittenCount();
            if (ended)
            {
                return status == DataReadStatus.Complete;
            }
        }
    }

    /// <summary>Sends what is queued and lets go of input and output.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _writer.FlushAsync();
            await _writer.CompleteAsync();
        }
        catch (IOException)
        {
            // the client went away without reading its last replies
        }
        await _reader.CompleteAsync();
    }

    /// <summary>Buffered input, or, when none is left unexamined, the next input after the queued replies are sent.</summary>
    private async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken)
    {
        if (_reader.TryRead(out var result))
        {
            if (_writer.CanGetUnflushedBytes && _writer.UnflushedBytes >= MaxUnflushedBytes)
            {
                await _writer.FlushAsync(cancellationToken); // a client pipelining without reading must not pile up replies here
            }
            return result;
        }
        await _writer.FlushAsync(cancellationToken);
        return await _reader.ReadAsync(cancellationToken);
    }

    private static void Process(DataReader dataReader, ReadOnlySequence<byte> content, IBufferWriter<byte> output)
    {
        foreach (var segment in content)
        {
            dataReader.Process(segment.Span, output, out _);
        }
    }
}
