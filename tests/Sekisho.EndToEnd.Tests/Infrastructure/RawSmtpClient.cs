using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sekisho.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A byte-exact SMTP client for tests that must control every byte (pipelining, smuggling, bad syntax).
/// Replies are read whole (all lines of a multi-line reply).
/// </summary>
public sealed class RawSmtpClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly MemoryStream _pending = new();

    private RawSmtpClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Connects from <paramref name="localAddress"/> (127.0.0.2 plays an untrusted client).</summary>
    public static async Task<RawSmtpClient> ConnectAsync(int port, string localAddress = "127.0.0.1")
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return new RawSmtpClient(socket);
    }

    /// <summary>Connects, reads the greeting and says EHLO.</summary>
    public static async Task<RawSmtpClient> ConnectAndGreetAsync(int port, string localAddress = "127.0.0.1")
    {
        var client = await ConnectAsync(port, localAddress);
        Assert.StartsWith("220 ", await client.ReadReplyAsync());
        Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
        return client;
    }

    /// <summary>Sends bytes as they are.</summary>
    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Sends bytes as they are.</summary>
    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Sends one line with CRLF and reads the reply.</summary>
    public async Task<string> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    /// <summary>Reads one complete reply; all its lines joined by "\n" (without CRLF). Throws on timeout or close.</summary>
    public async Task<string> ReadReplyAsync(int timeoutSeconds = 10)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(timeoutSeconds) ?? throw new IOException("connection closed; got so far: " + string.Join("\n", lines));
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return string.Join("\n", lines);
            }
        }
    }

    /// <summary>
    /// Reads one reply, or returns null when the connection is closed or reset first: a server that hangs up on a
    /// client still sending has unread input, so its kernel resets the connection and the client may lose the last reply.
    /// </summary>
    public async Task<string?> ReadReplyOrResetAsync(int timeoutSeconds = 10)
    {
        try
        {
            return await ReadReplyAsync(timeoutSeconds);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True when the server closed the connection (reads end of stream within the timeout).</summary>
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

    private async Task<string?> ReadLineAsync(int timeoutSeconds)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var buffer = new byte[4096];
        while (true)
        {
            var data = _pending.GetBuffer().AsSpan(0, (int)_pending.Length);
            var newline = data.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(data[..newline]).TrimEnd('\r');
                var rest = data[(newline + 1)..].ToArray();
                _pending.SetLength(0);
                _pending.Write(rest);
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
            _pending.Write(buffer, 0, read);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
