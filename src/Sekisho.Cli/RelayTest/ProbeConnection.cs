using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sekisho.Cli.RelayTest;

/// <summary>
/// A byte-exact SMTP client for one test session: sends each command line exactly as given (malformed paths
/// included) and reads whole replies. Every wait is bounded by the timeout; a reply is bounded in size.
/// </summary>
internal sealed class ProbeConnection : IAsyncDisposable
{
    /// <summary>The longest reply line accepted (RFC 5321 allows 512; real servers stay far below this).</summary>
    private const int MaxLineBytes = 4096;

    /// <summary>The most lines one reply may have.</summary>
    private const int MaxReplyLines = 100;

    private readonly Socket _socket;
    private readonly TimeSpan _timeout;
    private readonly byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    private ProbeConnection(Socket socket, TimeSpan timeout)
    {
        _socket = socket;
        _timeout = timeout;
    }

    /// <summary>The address connected to: the server's IP literal in the tricks.</summary>
    public IPAddress RemoteAddress => ((IPEndPoint)_socket.RemoteEndPoint!).Address;

    /// <summary>Connects to <paramref name="server"/>, from <paramref name="localAddress"/> when given.</summary>
    /// <exception cref="TargetUnreachableException">The bind or the connect failed or timed out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<ProbeConnection> ConnectAsync(IPEndPoint server, IPAddress? localAddress, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (localAddress is not null)
            {
                socket.Bind(new IPEndPoint(localAddress, 0));
            }
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(server, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TargetUnreachableException($"cannot connect to {Format(server)}: no answer within {timeout.TotalSeconds:0.###} s");
            }
            return new ProbeConnection(socket, timeout);
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            var from = localAddress is null ? "" : $" from {localAddress}";
            throw new TargetUnreachableException($"cannot connect to {Format(server)}{from}: {exception.Message}", exception);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="line"/> and CRLF, then reads the reply.</summary>
    /// <exception cref="ProbeSessionException">The connection failed, closed, timed out or the reply was malformed.</exception>
    public async Task<ProbeReply> CommandAsync(string line, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\r\n");
        using var deadline = Deadline(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, SocketFlags.None, deadline.Token);
        }
        catch (SocketException exception)
        {
            throw new ProbeSessionException($"connection lost while sending {line.Split(' ')[0]}: {exception.Message}", exception);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProbeSessionException($"could not send {line.Split(' ')[0]} within {_timeout.TotalSeconds:0.###} s");
        }
        return await ReadReplyAsync(cancellationToken);
    }

    /// <summary>Reads one complete reply (all lines of a multi-line reply).</summary>
    /// <exception cref="ProbeSessionException">The connection failed, closed, timed out or the reply was malformed.</exception>
    public async Task<ProbeReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        var lines = new List<string>();
        int code;
        while (true)
        {
            var line = await ReadLineAsync(deadline.Token, cancellationToken);
            if (line.Length < 3 || !char.IsAsciiDigit(line[0]) || !char.IsAsciiDigit(line[1]) || !char.IsAsciiDigit(line[2])
                || (line.Length > 3 && line[3] is not (' ' or '-')))
            {
                throw new ProbeSessionException("not an SMTP reply: " + ProbeReply.Printable(line));
            }
            // The last line's code counts (RFC 5321 wants them all equal; a sloppy server is not a reason to stop).
            code = int.Parse(line.AsSpan(0, 3));
            lines.Add(line.Length > 4 ? ProbeReply.Printable(line[4..]) : "");
            if (line.Length == 3 || line[3] == ' ')
            {
                return new ProbeReply(code, lines);
            }
            if (lines.Count >= MaxReplyLines)
            {
                throw new ProbeSessionException($"reply longer than {MaxReplyLines} lines");
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == '\r')
                {
                    length--;
                }
                var line = Encoding.UTF8.GetString(_buffer, _start, length);
                _start = newline + 1;
                return line;
            }
            if (_end - _start >= MaxLineBytes)
            {
                throw new ProbeSessionException($"reply line longer than {MaxLineBytes} bytes");
            }
            if (_end == _buffer.Length)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            int read;
            try
            {
                read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, deadline);
            }
            catch (SocketException exception)
            {
                throw new ProbeSessionException("connection lost: " + exception.Message, exception);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ProbeSessionException($"no reply within {_timeout.TotalSeconds:0.###} s");
            }
            if (read == 0)
            {
                throw new ProbeSessionException("the server closed the connection");
            }
            _end += read;
        }
    }

    private CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        return deadline;
    }

    /// <summary><c>192.0.2.1:25</c> or <c>[2001:db8::1]:25</c>.</summary>
    public static string Format(IPEndPoint endPoint) =>
        endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]:{endPoint.Port}" : $"{endPoint.Address}:{endPoint.Port}";

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
