using Sekisho.Protocol.Smtp;
using Sekisho.Queue;

namespace Sekisho.Server.Smtp;

/// <summary>
/// Streams the content of one message from the protocol readers into the spool: bounded buffering
/// (flushed to the file every <see cref="FlushThreshold"/> bytes), the size limit checked as bytes arrive,
/// and a commit that makes the file durable before the 250. A message over the limit is read to its end
/// but nothing more is written.
/// </summary>
internal sealed class MessageSink : IAsyncDisposable
{
    private const int FlushThreshold = 32 * 1024;
    private readonly SpoolWriter _writer;
    private readonly long _limit;

    private MessageSink(SpoolWriter writer, long limit)
    {
        _writer = writer;
        _limit = limit;
    }

    /// <summary>Where protocol readers write content; drained by <see cref="DrainAsync"/>.</summary>
    public PooledBufferWriter Buffer { get; } = new(FlushThreshold * 2);

    /// <summary>The queue id.</summary>
    public string QueueId => _writer.QueueId;

    /// <summary>True once the content went over <c>message_size_limit</c>.</summary>
    public bool TooBig { get; private set; }

    /// <summary>Bytes of content so far (including the Received: header).</summary>
    public long Size => _writer.BodySize + Buffer.WrittenCount;

    public static async Task<MessageSink> CreateAsync(Spool spool, string queueId, QueueEnvelope envelope, byte[] receivedHeader, long limit, CancellationToken cancellationToken)
    {
        var writer = await spool.CreateAsync(queueId, envelope, cancellationToken);
        try
        {
            await writer.AppendAsync(receivedHeader, cancellationToken);
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
        return new MessageSink(writer, limit);
    }

    /// <summary>Checks the size limit and writes the buffer to the file once it is large enough.</summary>
    /// <param name="force">Write whatever is buffered.</param>
    /// <param name="cancellationToken">Abort.</param>
    public async ValueTask DrainAsync(bool force, CancellationToken cancellationToken)
    {
        if (!TooBig && _limit > 0 && Size > _limit)
        {
            TooBig = true;
        }
        if (TooBig)
        {
            Buffer.ResetWrittenCount();
            return;
        }
        if (Buffer.WrittenCount >= FlushThreshold || (force && Buffer.WrittenCount > 0))
        {
            await _writer.AppendAsync(Buffer.WrittenMemory, cancellationToken);
            Buffer.ResetWrittenCount();
        }
    }

    /// <summary>Writes what is left, fsyncs and moves the file into the incoming queue.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await DrainAsync(force: true, cancellationToken);
        await _writer.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes an uncommitted file and returns the buffer to the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _writer.DisposeAsync();
        }
        finally
        {
            Buffer.Dispose();
        }
    }
}
