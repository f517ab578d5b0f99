using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Sekisho.Protocol.Smtp;
using Sekisho.Queue;

namespace Sekisho.Server.Smtp;

/// <summary>
/// Receives a message sent in BDAT chunks (RFC 3030). Every chunk's bytes are always read, even when the
/// chunk is refused, because the next command follows right after them.
/// </summary>
internal sealed class ChunkReceiver : IAsyncDisposable
{
    private readonly SmtpServices _services;
    private readonly SmtpConnection _connection;
    private readonly CancellationToken _abort;
    private readonly QueueEnvelope _envelope;
    private readonly Func<string, byte[]> _receivedHeader;
    private readonly ChunkNormalizer _normalizer;
    private MessageSink? _sink;

    public ChunkReceiver(SmtpServices services, SmtpConnection connection, CancellationToken abort, QueueEnvelope envelope, Func<string, byte[]> receivedHeader)
    {
        _services = services;
        _connection = connection;
        _abort = abort;
        _envelope = envelope;
        _receivedHeader = receivedHeader;
        _normalizer = new ChunkNormalizer(services.BareNewline);
    }

    /// <summary>Parses <c>BDAT size [LAST]</c>.</summary>
    public static bool TryParseArgument(string argument, out long size, out bool last)
    {
        size = 0;
        last = false;
        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2 || parts[0].Length > 18
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out size))
        {
            return false;
        }
        if (parts.Length == 2)
        {
            if (!parts[1].Equals("LAST", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            last = true;
        }
        return true;
    }

    /// <summary>Reads and drops <paramref name="size"/> bytes (a refused chunk).</summary>
    /// <returns>False when the connection was lost or timed out.</returns>
    public static async Task<bool> DiscardAsync(SmtpServices services, SmtpConnection connection, long size, CancellationToken abort)
    {
        using var deadline = new ContentDeadline(services.Settings.Deadlines, services.Time, abort);
        try
        {
            return await ReadExactlyAsync(connection, size, deadline, static _ => true);
        }
        catch (OperationCanceledException) when (!abort.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Receives one chunk; with <paramref name="last"/> also queues the message.</summary>
    public async Task<ContentResult> ReceiveChunkAsync(long size, bool last)
    {
        string? queueId = null;
        if (_sink is null)
        {
            queueId = _services.Spool.NewQueueId();
            try
            {
                _sink = await MessageSink.CreateAsync(_services.Spool, queueId, _envelope, _receivedHeader(queueId), _services.Settings.MessageSizeLimit, _abort);
            }
            catch (IOException exception)
            {
                _services.Log.LogError("{QueueId}: queue file write error: {Problem}", queueId, exception.Message);
                return await FailAsync(size, SmtpReply.QueueWriteError);
            }
        }
        var sink = _sink;
        var rejected = false;
        bool complete;
        using var deadline = new ContentDeadline(_services.Settings.Deadlines, _services.Time, _abort);
        try
        {
            complete = await ReadExactlyAsync(_connection, size, deadline, span =>
            {
                if (!rejected && !_normalizer.Process(span, sink.Buffer))
                {
                    rejected = true;
                }
                return true;
            }, () => sink.DrainAsync(force: false, _abort));
        }
        catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
        {
            return new ContentResult(SmtpReply.Timeout(_services.Settings.MyHostname), null, true, true);
        }
        catch (IOException exception) when (exception is not EndOfStreamException)
        {
            _services.Log.LogError("{QueueId}: queue file write error: {Problem}", sink.QueueId, exception.Message);
            return await FailAsync(0, SmtpReply.QueueWriteError);
        }
        if (!complete)
        {
            return ContentResult.Lost;
        }
        if (rejected || (last && !_normalizer.Complete(sink.Buffer)))
        {
            return new ContentResult(SmtpReply.BareNewline, null, CloseConnection: true, TransactionEnded: true);
        }
        await sink.DrainAsync(force: false, _abort);
        if (sink.TooBig)
        {
            return new ContentResult(SmtpReply.MessageTooBig, null, false, true);
        }
        if (!last)
        {
            return new ContentResult(new SmtpReply(250, "2.0.0", $"Ok: {size} bytes"), null, false, false);
        }
        try
        {
            await sink.CommitAsync(_abort);
        }
        catch (IOException exception)
        {
            _services.Log.LogError("{QueueId}: queue file write error: {Problem}", sink.QueueId, exception.Message);
            return new ContentResult(SmtpReply.QueueWriteError, null, false, true);
        }
        return new ContentResult(SmtpReply.Queued(sink.QueueId), sink.QueueId, false, true);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_sink is not null)
        {
            await _sink.DisposeAsync();
            _sink = null;
        }
    }

    private async Task<ContentResult> FailAsync(long size, SmtpReply reply)
    {
        if (!await DiscardAsync(_services, _connection, size, _abort))
        {
            return ContentResult.Lost;
        }
        return new ContentResult(reply, null, false, true);
    }

    private delegate bool SpanAction(ReadOnlySpan<byte> span);

    private static async Task<bool> ReadExactlyAsync(SmtpConnection connection, long size, ContentDeadline deadline,
        SpanAction consume, Func<ValueTask>? afterRead = null)
    {
        var remaining = size;
        while (remaining > 0)
        {
            var buffer = await connection.ReadAsync(deadline.Token);
            if (buffer.IsEmpty)
            {
                return false;
            }
            var take = buffer.Slice(0, Math.Min(remaining, buffer.Length));
            foreach (var segment in take)
            {
                consume(segment.Span);
            }
            remaining -= take.Length;
            connection.AdvanceTo(take.End, take.End);
            deadline.Received(take.Length);
            if (afterRead is not null)
            {
                await afterRead();
            }
        }
        return true;
    }
}
