using System.Buffers;
using Microsoft.Extensions.Logging;
using Sekisho.Protocol.Smtp;
using Sekisho.Queue;

namespace Sekisho.Server.Smtp;

/// <summary>
/// Receives DATA content (after the 354) into the spool until the real <c>CRLF.CRLF</c>, within the
/// <see cref="ContentDeadline"/>. A message over the size limit, or one the spool failed to write, is still read to its
/// end so the dialogue stays in step; but content going on past four times <c>message_size_limit</c> gets 552 and
/// the connection is closed (an endless DATA must not hold a session for ever).
/// </summary>
internal sealed class DataReceiver
{
    private readonly SmtpServices _services;
    private readonly SmtpConnection _connection;
    private readonly CancellationToken _abort;

    public DataReceiver(SmtpServices services, SmtpConnection connection, CancellationToken abort)
    {
        _services = services;
        _connection = connection;
        _abort = abort;
    }

    /// <summary>Reads the message and queues it.</summary>
    /// <param name="envelope">The envelope to queue.</param>
    /// <param name="receivedHeader">Builds the Received: header for a queue id.</param>
    public async Task<ContentResult> ReceiveAsync(QueueEnvelope envelope, Func<string, byte[]> receivedHeader)
    {
        var queueId = _services.Spool.NewQueueId();
        var reader = new DataReader(_services.BareNewline);
        MessageSink? sink = null;
        PooledBufferWriter? output = null;
        var writeFailed = false;
        using var deadline = new ContentDeadline(_services.Settings.Deadlines, _services.Time, _abort);
        try
        {
            try
            {
                sink = await MessageSink.CreateAsync(_services.Spool, queueId, envelope, receivedHeader(queueId), _services.Settings.MessageSizeLimit, _abort);
            }
            catch (IOException exception)
            {
                writeFailed = LogWriteError(queueId, exception);
            }
            output = sink?.Buffer ?? new PooledBufferWriter(4096); // without a file, content is read and dropped
            while (true)
            {
                ReadOnlySequence<byte> buffer;
                try
                {
                    buffer = await _connection.ReadAsync(deadline.Token);
                }
                catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
                {
                    _services.Log.LogInformation("timeout after DATA ({Bytes} bytes)", reader.ContentLength);
                    return new ContentResult(SmtpReply.Timeout(_services.Settings.MyHostname), null, CloseConnection: true, TransactionEnded: true);
                }
                if (buffer.IsEmpty)
                {
                    return ContentResult.Lost;
                }
                var status = DataReadStatus.NeedMoreData;
                long consumed = 0;
                foreach (var segment in buffer)
                {
                    status = reader.Process(segment.Span, output, out var used);
                    consumed += used;
                    if (status != DataReadStatus.NeedMoreData)
                    {
                        break;
                    }
                }
                var position = buffer.GetPosition(consumed);
                _connection.AdvanceTo(position, status == DataReadStatus.NeedMoreData ? buffer.End : position);
                deadline.Received(consumed);
                if (status == DataReadStatus.BareNewlineRejected)
                {
                    return new ContentResult(SmtpReply.BareNewline, null, CloseConnection: true, TransactionEnded: true);
                }
                if (sink is not null && !writeFailed)
                {
                    try
                    {
                        await sink.DrainAsync(force: false, _abort);
                    }
                    catch (IOException exception)
                    {
                        writeFailed = LogWriteError(queueId, exception);
                    }
                }
                if (writeFailed)
                {
                    output.ResetWrittenCount();
                }
                if (status == DataReadStatus.Complete)
                {
                    break;
                }
                if (sink is { TooBig: true } && reader.ContentLength > 4 * _services.Settings.MessageSizeLimit)
                {
                    // Read past the limit so a client that ignored SIZE gets its 552 in step, but not without end.
                    _services.Log.LogInformation("{QueueId}: message content over four times message_size_limit ({Bytes} bytes): refused, closing the connection",
                        queueId, reader.ContentLength);
                    return new ContentResult(SmtpReply.MessageTooBig, null, CloseConnection: true, TransactionEnded: true);
                }
            }
            if (writeFailed || sink is null)
            {
                return new ContentResult(SmtpReply.QueueWriteError, null, false, true);
            }
            if (sink.TooBig)
            {
                return new ContentResult(SmtpReply.MessageTooBig, null, false, true);
            }
            try
            {
                await sink.CommitAsync(_abort);
            }
            catch (IOException exception)
            {
                LogWriteError(queueId, exception);
                return new ContentResult(SmtpReply.QueueWriteError, null, false, true);
            }
            return new ContentResult(SmtpReply.Queued(queueId), queueId, false, true);
        }
        finally
        {
            if (sink is not null)
            {
                await sink.DisposeAsync();
            }
            else
            {
                output?.Dispose();
            }
        }
    }

    private bool LogWriteError(string queueId, IOException exception)
    {
        _services.Log.LogError("{QueueId}: queue file write error: {Problem}", queueId, exception.Message);
        return true;
    }
}
