using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Sekisho.Config;
using Sekisho.Server.Smtp;

namespace Sekisho.Server.Hosting;

/// <summary>
/// The listening socket of one endpoint and its accept loop, shared by the SMTP and POP3 listeners: binds at once
/// (so start-up fails before anything is accepted), runs one session task per connection, and when accepting stops
/// waits for the sessions still running.
/// </summary>
internal sealed class TcpAcceptor
{
    private readonly Socket _socket;
    private readonly HashSet<Task> _sessions = [];

    /// <summary>Binds <paramref name="endpoint"/> (IPv6 sockets are IPv6 only, so 0.0.0.0 and [::] can both be listed).</summary>
    /// <exception cref="ListenerBindException">The address or port cannot be bound.</exception>
    public TcpAcceptor(ListenEndpoint endpoint)
    {
        _socket = new Socket(endpoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endpoint.Address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = false;
        }
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            _socket.Bind(new IPEndPoint(endpoint.Address, endpoint.Port));
            _socket.Listen(512);
        }
        catch (SocketException exception)
        {
            _socket.Dispose();
            throw new ListenerBindException($"bind {endpoint.Address} port {endpoint.Port}: {exception.Message}", exception);
        }
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Accepts until <paramref name="stopAccepting"/>, then waits for the running sessions.</summary>
    /// <param name="session">Runs one connection (owns the socket; must not throw).</param>
    /// <param name="log">Where accept failures are logged.</param>
    /// <param name="stopAccepting">Graceful shutdown.</param>
    public async Task RunAsync(Func<Socket, Task> session, ILogger log, CancellationToken stopAccepting)
    {
        try
        {
            while (!stopAccepting.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _socket.AcceptAsync(stopAccepting);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (SocketException exception)
                {
                    log.LogWarning("accept on {Endpoint} failed: {Problem}", LocalEndPoint, exception.Message);
                    continue;
                }
                client.NoDelay = true;
                var task = session(client);
                lock (_sessions)
                {
                    _sessions.Add(task);
                }
                _ = task.ContinueWith(t =>
                {
                    lock (_sessions)
                    {
                        _sessions.Remove(t);
                    }
                }, TaskScheduler.Default);
            }
        }
        finally
        {
            _socket.Dispose();
        }
        Task[] remaining;
        lock (_sessions)
        {
            remaining = [.. _sessions];
        }
        await Task.WhenAll(remaining);
    }
}
