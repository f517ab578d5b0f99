using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Server.Smtp;

/// <summary>
/// The byte side of one SMTP connection: pipes over the (possibly TLS) stream, bounded command-line reads,
/// replies batched until the server would wait for input (RFC 2920 pipelining), and the STARTTLS switch that
/// throws away anything the client sent ahead of the handshake.
/// </summary>
internal sealed class SmtpConnection : IAsyncDisposable
{
    private readonly Stream _network;
    private Stream _stream;
    private PipeReader _reader;
    private PipeWriter _writer;
    private bool _discardingLongLine;

    public SmtpConnection(Stream network)
    {
        _network = network;
        _stream = network;
        (_reader, _writer) = CreatePipes(_stream);
    }

    /// <summary>True once TLS is active.</summary>
    public bool IsTls => _stream is SslStream;

    /// <summary>The negotiated TLS protocol and cipher for the log, or null.</summary>
    public string? TlsDescription => _stream is SslStream ssl ? $"{ProtocolName(ssl.SslProtocol)} with cipher {ssl.NegotiatedCipherSuite}" : null;

    /// <summary>The protocol as Postfix and OpenSSL name it (<c>TLSv1.3</c>), for logs and Received:.</summary>
    private static string ProtocolName(System.Security.Authentication.SslProtocols protocol) => protocol switch
    {
        System.Security.Authentication.SslProtocols.Tls13 => "TLSv1.3",
        System.Security.Authentication.SslProtocols.Tls12 => "TLSv1.2",
#pragma warning disable SYSLIB0039 // named only to print them
        System.Security.Authentication.SslProtocols.Tls11 => "TLSv1.1",
        System.Security.Authentication.SslProtocols.Tls => "TLSv1",
#pragma warning restore SYSLIB0039
        _ => protocol.ToString(),
    };

    /// <summary>True when, after the last line read, more input was already waiting (the client sent ahead).</summary>
    public bool InputPending { get; private set; }

    /// <summary>Queues a reply; it is sent at the next flush (before the server waits for input).</summary>
    public void Write(SmtpReply reply) => reply.WriteTo(_writer);

    /// <summary>Sends queued replies now.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken) => await _writer.FlushAsync(cancellationToken);

    /// <summary>
    /// Reads one command line (CRLF or bare LF ended) of at most <paramref name="limit"/> bytes. Replies
    /// still queued are flushed first when no complete line is buffered yet.
    /// </summary>
    /// <param name="limit">The longest line accepted.</param>
    /// <param name="consume">Gets the line without its ending and whether it ended with a bare LF.</param>
    /// <param name="cancellationToken">Timeout or shutdown.</param>
    public async ValueTask<LineReadStatus> ReadLineAsync(int limit, LineConsumer consume, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!_reader.TryRead(out var result))
            {
                await _writer.FlushAsync(cancellationToken);
                result = await _reader.ReadAsync(cancellationToken);
            }
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } position)
            {
                var line = buffer.Slice(0, position);
                var next = buffer.GetPosition(1, position);
                if (_discardingLongLine || line.Length > limit + 1)
                {
                    _discardingLongLine = false;
                    _reader.AdvanceTo(next);
                    return LineReadStatus.TooLong;
                }
                var bareLf = line.Length == 0 || EndsWithoutCr(line);
                var content = bareLf ? line : line.Slice(0, line.Length - 1);
                if (content.Length > limit)
                {
                    _reader.AdvanceTo(next);
                    return LineReadStatus.TooLong;
                }
                consume(content.IsSingleSegment ? content.FirstSpan : content.ToArray(), bareLf);
                InputPending = !buffer.Slice(next).IsEmpty;
                _reader.AdvanceTo(next);
                return LineReadStatus.Line;
            }
            if (buffer.Length > limit + 1)
            {
                _discardingLongLine = true;
                _reader.AdvanceTo(buffer.End);
                continue;
            }
            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.End);
                return LineReadStatus.Closed;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads whatever bytes are available (at least one), for DATA and BDAT content.</summary>
    /// <param name="cancellationToken">Timeout or abort.</param>
    /// <returns>The buffered bytes, or an empty sequence when the client closed the connection.</returns>
    public async ValueTask<ReadOnlySequence<byte>> ReadAsync(CancellationToken cancellationToken)
    {
        if (!_reader.TryRead(out var result))
        {
            await _writer.FlushAsync(cancellationToken);
            result = await _reader.ReadAsync(cancellationToken);
        }
        if (result.Buffer.IsEmpty && result.IsCompleted)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        return result.Buffer;
    }

    /// <summary>Tells the reader how much of the last <see cref="ReadAsync"/> buffer was used.</summary>
    public void AdvanceTo(SequencePosition consumed, SequencePosition examined) => _reader.AdvanceTo(consumed, examined);

    /// <summary>
    /// Switches to TLS after the 220 reply to STARTTLS: sends queued replies, drops every byte the client
    /// sent after STARTTLS (CVE-2011-0411 class), then runs the handshake on the raw stream.
    /// </summary>
    public async Task StartTlsAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        await _writer.FlushAsync(cancellationToken);
        await _reader.CompleteAsync();
        await _writer.CompleteAsync();
        var ssl = new SslStream(_network, leaveInnerStreamOpen: true);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            ClientCertificateRequired = false,
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.None, // the system's secure defaults
        }, cancellationToken);
        _stream = ssl;
        (_reader, _writer) = CreatePipes(_stream);
    }

    /// <summary>
    /// Closes the socket first, so nothing here can wait on a client that stops reading (replies that matter
    /// were flushed before), then releases the pipes and the TLS stream.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _network.DisposeAsync();
        try
        {
            await _writer.CompleteAsync();
            await _reader.CompleteAsync();
            if (!ReferenceEquals(_stream, _network))
            {
                await _stream.DisposeAsync();
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
        }
    }

    private static bool EndsWithoutCr(ReadOnlySequence<byte> line)
    {
        var last = line.Slice(line.Length - 1).FirstSpan[0];
        return last != (byte)'\r';
    }

    private static (PipeReader, PipeWriter) CreatePipes(Stream stream) =>
        (PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16384, minimumReadSize: 4096, leaveOpen: true)),
         PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
}

/// <summary>Receives a command line read by <see cref="SmtpConnection.ReadLineAsync"/>.</summary>
/// <param name="line">The line without its ending.</param>
/// <param name="bareLf">True when it ended with LF alone.</param>
internal delegate void LineConsumer(ReadOnlySpan<byte> line, bool bareLf);
