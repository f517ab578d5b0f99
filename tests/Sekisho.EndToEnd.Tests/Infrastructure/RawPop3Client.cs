using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Sekisho.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A byte-exact POP3 client for tests that must see every line: status lines, multi-line responses (un-stuffed),
/// STLS and implicit TLS (the certificate is not checked).
/// </summary>
public sealed class RawPop3Client : IAsyncDisposable
{
    private readonly Socket _socket;
    private Stream _stream;
    private byte[] _pending = [];

    private RawPop3Client(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>The greeting line.</summary>
    public string Greeting { get; private set; } = "";

    /// <summary>Connects from <paramref name="localAddress"/> (127.0.0.2 plays an outsider) and reads the greeting.</summary>
    /// <param name="port">The server's port on 127.0.0.1.</param>
    /// <param name="localAddress">The address to connect from.</param>
    /// <param name="implicitTls">Run the TLS handshake first (POP3S).</param>
    public static async Task<RawPop3Client> ConnectAsync(int port, string localAddress = "127.0.0.2", bool implicitTls = false)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var client = new RawPop3Client(socket);
        if (implicitTls)
        {
            await client.HandshakeAsync();
        }
        client.Greeting = await client.ReadLineAsync() ?? throw new IOException("closed before the greeting");
        return client;
    }

    /// <summary>Connects, STLS, USER and PASS: a logged-in session (asserts each step).</summary>
    public static async Task<RawPop3Client> LoginAsync(int port, string user = "alice", string password = "secret", string localAddress = "127.0.0.2")
    {
        var client = await ConnectAsync(port, localAddress);
        await client.StlsAsync();
        Assert.Equal("+OK", await client.CommandAsync("USER " + user));
        Assert.Equal("+OK Logged in.", await client.CommandAsync("PASS " + password));
        return client;
    }

    /// <summary>Sends STLS and, on <c>+OK</c>, runs the handshake.</summary>
    public async Task StlsAsync()
    {
        Assert.Equal("+OK Begin TLS negotiation now.", await CommandAsync("STLS"));
        await HandshakeAsync();
    }

    /// <summary>Sends text as it is.</summary>
    public async Task SendAsync(string text)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await _stream.FlushAsync();
    }

    /// <summary>Sends one line with CRLF and reads one status line.</summary>
    public async Task<string> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadLineAsync() ?? throw new IOException("connection closed after " + line);
    }

    /// <summary>Sends a command with a multi-line answer: the status line, and the lines (un-stuffed) when it is <c>+OK</c>.</summary>
    public async Task<(string Status, IReadOnlyList<string> Lines)> MultiLineAsync(string line)
    {
        var status = await CommandAsync(line);
        if (!status.StartsWith("+OK", StringComparison.Ordinal))
        {
            return (status, []);
        }
        var body = Encoding.UTF8.GetString(await ReadBodyAsync());
        return (status, body.Length == 0 ? [] : body[..^2].Split("\r\n"));
    }

    /// <summary>Sends RETR or TOP: the status line and the content exactly as sent, dot-stuffing undone.</summary>
    public async Task<(string Status, byte[] Content)> RetrieveAsync(string line)
    {
        var status = await CommandAsync(line);
        return status.StartsWith("+OK", StringComparison.Ordinal) ? (status, await ReadBodyAsync()) : (status, []);
    }

    /// <summary>Reads one line without its CRLF; null when the server closed the connection.</summary>
    public async Task<string?> ReadLineAsync(int timeoutSeconds = 10)
    {
        var bytes = await ReadRawLineAsync(timeoutSeconds);
        return bytes is null ? null : Encoding.UTF8.GetString(bytes).TrimEnd('\r', '\n');
    }

    /// <summary>True when the server closes the connection (end of stream or reset) within the timeout.</summary>
    public async Task<bool> IsClosedByServerAsync(int timeoutSeconds = 5)
    {
        try
        {
            return await ReadLineAsync(timeoutSeconds) is null;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>The body of a multi-line response up to the <c>.</c> line: lines with their CRLF, leading dots un-stuffed.</summary>
    private async Task<byte[]> ReadBodyAsync()
    {
        using var body = new MemoryStream();
        while (true)
        {
            var line = await ReadRawLineAsync(10) ?? throw new IOException("closed inside a multi-line response");
            if (line is [(byte)'.', (byte)'\r', (byte)'\n'])
            {
                return body.ToArray();
            }
            body.Write(line.AsSpan(line.Length > 0 && line[0] == (byte)'.' ? 1 : 0));
        }
    }

    private async Task<byte[]?> ReadRawLineAsync(int timeoutSeconds)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var buffer = new byte[16384];
        while (true)
        {
            var newline = Array.IndexOf(_pending, (byte)'\n');
            if (newline >= 0)
            {
                var line = _pending[..(newline + 1)];
                _pending = _pending[(newline + 1)..];
                return line;
            }
            int read;
            try
            {
                read = await _stream.ReadAsync(buffer, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("no reply from the server within " + timeoutSeconds + " s");
            }
            if (read == 0)
            {
                return null;
            }
            _pending = [.. _pending, .. buffer.AsSpan(0, read)];
        }
    }

    /// <summary>Runs the TLS handshake now (after reading STLS's <c>+OK</c> by hand).</summary>
    public async Task HandshakeAsync()
    {
        Assert.Empty(_pending); // RFC 2595: nothing may be left over from before TLS
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync("mx.example.test");
        _stream = ssl;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
