using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Sekisho.Protocol.Pop3;
using Sekisho.Server.Smtp;

namespace Sekisho.Server.Pop3;

/// <summary>
/// The byte side of one POP3 connection: pipes over the (possibly TLS) stream, bounded line reads, replies batched
/// until the server waits for input (RFC 2449 PIPELINING), and the STLS switch (RFC 2595 4) that throws away anything
/// the client sent ahead of the handshake. Built like <c>SmtpConnection</c>.
/// </summary>
internal sealed class Pop3Connection : IAsyncDisposable
{
    private readonly Stream _network;
    private Stream _stream;
    private PipeReader _reader;
    private PipeWriter _writer;
    private bool _discardingLongLine;

    public Pop3Connection(Stream network)
    {
        _network = network;
        _stream = network;
        (_reader, _writer) = CreatePipes(_stream);
    }

    /// <summary>True once TLS is active (after STLS, or from the start on a POP3S port).</summary>
    public bool IsTls => _stream is SslStream;

    /// <summary>The negotiated TLS protocol and cipher for the log, or null.</summary>
    public string? TlsDescription => _stream is SslStream ssl ? $"{ProtocolName(ssl.SslProtocol)} with cipher {ssl.NegotiatedCipherSuite}" : null;

    /// <summary>Where multi-line responses (listings, messages) are written; flushed before the next read.</summary>
    public PipeWriter Output => _writer;

    /// <summary>Queues a status line; it is sent at the next flush.</summary>
    public void Write(Pop3Reply reply) => reply.WriteTo(_writer);

    /// <summary>Queues a multi-line response: the status line, the dot-stuffed lines and the final <c>.</c>.</summary>
    public void Write(Pop3Reply status, IEnumerable<string> lines) => Pop3MultiLine.Write(_writer, status, lines);

    /// <summary>Sends what is queued now.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken) => await _writer.FlushAsync(cancellationToken);

    /// <summary>
    /// Reads one line (CRLF or bare LF ended) of at most <paramref name="limit"/> bytes; a longer line is skipped to
    /// its end without being buffered. Replies still queued are flushed first when no complete line is buffered yet.
    /// </summary>
    /// <param name="limit">The longest line accepted, without its ending.</param>
    /// <param name="cancellationToken">Timeout or shutdown.</param>
    /// <returns>How the read ended, and the line without its ending when one was read.</returns>
    public async ValueTask<(LineReadStatus Status, byte[]? Line)> ReadLineAsync(int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!_reader.TryRead(out var result))
            {
                await _writer.FlushAsync(cancellationToken);
                result = await _reader.ReadAsync(cancellationToken);
            }
            var buffer = result.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } position)
            {
                var line = buffer.Slice(0, position);
                var next = buffer.GetPosition(1, position);
                if (line.Length > 0 && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
                {
                    line = line.Slice(0, line.Length - 1);
                }
                var tooLong = _discardingLongLine || line.Length > limit;
                _discardingLongLine = false;
                var content = tooLong ? null : line.ToArray();
                _reader.AdvanceTo(next);
                return tooLong ? (LineReadStatus.TooLong, null) : (LineReadStatus.Line, content);
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
                return (LineReadStatus.Closed, null);
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Switches to TLS: sends what is queued (the <c>+OK</c> to STLS), drops every byte the client sent after the
    /// command (CVE-2011-0411 class), then runs the handshake on the raw stream.
    /// </summary>
    /// <param name="certificate">The server certificate.</param>
    /// <param name="cancellationToken">Handshake timeout.</param>
    /// <exception cref="AuthenticationException">The handshake failed.</exception>
    /// <exception cref="IOException">The connection failed.</exception>
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
            EnabledSslProtocols = SslProtocols.None, // the system's secure defaults
        }, cancellationToken);
        _stream = ssl;
        (_reader, _writer) = CreatePipes(_stream);
    }

    /// <summary>Closes the socket first (nothing here may wait on a client that stops reading), then the pipes and TLS.</summary>
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

    /// <summary>The protocol as OpenSSL names it (<c>TLSv1.3</c>), for the log.</summary>
    private static string ProtocolName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };

    private static (PipeReader, PipeWriter) CreatePipes(Stream stream) =>
        (PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16384, minimumReadSize: 4096, leaveOpen: true)),
         PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
}
