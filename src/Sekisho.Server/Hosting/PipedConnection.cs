using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Sekisho.Server.Smtp;

namespace Sekisho.Server.Hosting;

/// <summary>
/// The byte side a line-based protocol session (SMTP, POP3) stands on: pipes over the network stream or the TLS
/// stream that replaces it, bounded line reads that flush queued replies only when the server would wait for input
/// (so pipelined commands get their replies in one write), and the switch to TLS that throws away anything the
/// client sent ahead of the handshake.
/// </summary>
internal abstract class PipedConnection : IAsyncDisposable
{
    /// <summary>Replies queued beyond this are sent before the next command is read, even when more input is waiting.</summary>
    private const int MaxUnflushedBytes = 16384;

    /// <summary>Reads in a row without a wait (a client sending faster than it is served) before the thread is given up.</summary>
    private const int ReadsBetweenYields = 32;

    private readonly Stream _network;
    private int _readsWithoutYield;
    private Stream _stream;
    private bool _discardingLongLine;

    protected PipedConnection(Stream network)
    {
        _network = network;
        _stream = network;
        (Reader, Writer) = CreatePipes(_stream);
    }

    /// <summary>True once TLS is active.</summary>
    public bool IsTls => _stream is SslStream;

    /// <summary>The negotiated TLS protocol and cipher for the log, or null.</summary>
    public string? TlsDescription => _stream is SslStream ssl ? $"{ProtocolName(ssl.SslProtocol)} with cipher {ssl.NegotiatedCipherSuite}" : null;

    /// <summary>True when, after the last line read, more input was already waiting (the client sent ahead).</summary>
    public bool InputPending { get; private set; }

    /// <summary>Where input comes from (replaced by the TLS stream's after <see cref="StartTlsAsync"/>).</summary>
    protected PipeReader Reader { get; private set; }

    /// <summary>Where replies are queued until the next flush.</summary>
    protected PipeWriter Writer { get; private set; }

    /// <summary>Sends queued replies now.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken) => await Writer.FlushAsync(cancellationToken);

    /// <summary>
    /// Reads one line (CRLF or bare LF ended) of at most <paramref name="limit"/> bytes. Replies
    /// still queued are flushed first when no complete line is buffered yet.
    /// </summary>
    /// <param name="limit">The longest line accepted.</param>
    /// <param name="consume">Gets the line without its ending and whether it ended with a bare LF.</param>
    /// <param name="cancellationToken">Timeout or shutdown.</param>
    public async ValueTask<LineReadStatus> ReadLineAsync(int limit, LineConsumer consume, CancellationToken cancellationToken)
    {
        await YieldSometimesAsync();
        while (true)
        {
            if (!Reader.TryRead(out var result))
            {
                await Writer.FlushAsync(cancellationToken);
                result = await Reader.ReadAsync(cancellationToken);
            }
            else if (Writer.UnflushedBytes >= MaxUnflushedBytes)
            {
                await Writer.FlushAsync(cancellationToken); // a client pipelining without reading must not pile up replies here
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
                    Reader.AdvanceTo(next);
                    return LineReadStatus.TooLong;
                }
                var bareLf = line.Length == 0 || EndsWithoutCr(line);
                var content = bareLf ? line : line.Slice(0, line.Length - 1);
                if (content.Length > limit)
                {
                    Reader.AdvanceTo(next);
                    return LineReadStatus.TooLong;
                }
                consume(content.IsSingleSegment ? content.FirstSpan : content.ToArray(), bareLf);
                InputPending = !buffer.Slice(next).IsEmpty;
                Reader.AdvanceTo(next);
                return LineReadStatus.Line;
            }
            if (buffer.Length > limit + 1)
            {
                _discardingLongLine = true;
                Reader.AdvanceTo(buffer.End);
                continue;
            }
            if (result.IsCompleted)
            {
                Reader.AdvanceTo(buffer.End);
                return LineReadStatus.Closed;
            }
            Reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Gives the thread back to the pool once every <see cref="ReadsBetweenYields"/> reads: when a client sends faster
    /// than it is served, every read completes at once and the session would otherwise keep its thread for as long as
    /// the input lasts, starving the others (the pool grows by about one thread per half second).
    /// </summary>
    protected async ValueTask YieldSometimesAsync()
    {
        if (++_readsWithoutYield >= ReadsBetweenYields)
        {
            _readsWithoutYield = 0;
            await Task.Yield();
        }
    }

    /// <summary>
    /// Switches to TLS after the positive reply to STARTTLS or STLS: sends queued replies, drops every byte the
    /// client sent after the command (CVE-2011-0411 class), then runs the handshake on the raw stream.
    /// </summary>
    public async Task StartTlsAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        await Writer.FlushAsync(cancellationToken);
        await Reader.CompleteAsync();
        await Writer.CompleteAsync();
        var ssl = new SslStream(_network, leaveInnerStreamOpen: true);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            ClientCertificateRequired = false,
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.None, // the system's secure defaults
        }, cancellationToken);
        _stream = ssl;
        (Reader, Writer) = CreatePipes(_stream);
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
            await Writer.CompleteAsync();
            await Reader.CompleteAsync();
            if (!ReferenceEquals(_stream, _network))
            {
                await _stream.DisposeAsync();
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
        }
    }

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

    private static bool EndsWithoutCr(ReadOnlySequence<byte> line)
    {
        var last = line.Slice(line.Length - 1).FirstSpan[0];
        return last != (byte)'\r';
    }

    private static (PipeReader, PipeWriter) CreatePipes(Stream stream) =>
        (PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16384, minimumReadSize: 4096, leaveOpen: true, useZeroByteReads: true)),
         PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
}

/// <summary>Receives a line read by <see cref="PipedConnection.ReadLineAsync(int, LineConsumer, CancellationToken)"/>.</summary>
/// <param name="line">The line without its ending.</param>
/// <param name="bareLf">True when it ended with LF alone.</param>
internal delegate void LineConsumer(ReadOnlySpan<byte> line, bool bareLf);
