using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Sekisho.Config;
using Sekisho.Server.Hosting;
using Sekisho.Server.Smtp;

namespace Sekisho.Server.Pop3;

/// <summary>
/// Accepts POP3 connections on one endpoint (<c>pop3_listen</c>, or <c>pop3s_listen</c> with implicit TLS) and runs a
/// session for each, up to <c>default_process_limit</c> at once; the next one gets
/// <c>-ERR [SYS/TEMP] Too many connections, try again later.</c> (on POP3S it is closed without a word: answering
/// would first cost a TLS handshake, which is what the limit protects).
/// </summary>
internal sealed class Pop3Listener
{
    private readonly Pop3Services _services;
    private readonly bool _implicitTls;
    private readonly TcpAcceptor _acceptor;
    private int _active;

    /// <summary>Binds the endpoint (so a busy port fails at start-up, not later).</summary>
    /// <exception cref="ListenerBindException">The address cannot be bound.</exception>
    public Pop3Listener(Pop3Services services, ListenEndpoint endpoint, bool implicitTls)
    {
        _services = services;
        _implicitTls = implicitTls;
        _acceptor = new TcpAcceptor(endpoint);
    }

    /// <summary>The bound endpoint (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => _acceptor.LocalEndPoint;

    /// <summary>True for POP3S (TLS from the first byte).</summary>
    public bool ImplicitTls => _implicitTls;

    /// <summary>Accepts until <paramref name="stopAccepting"/>; then waits for the sessions to end.</summary>
    /// <param name="stopAccepting">Graceful shutdown: sessions answer <c>-ERR [SYS/TEMP] Server shutting down.</c> at their next read.</param>
    /// <param name="abort">Hard stop: sessions are cut.</param>
    public async Task RunAsync(CancellationToken stopAccepting, CancellationToken abort)
    {
        _services.Log.LogInformation("listening on {Endpoint} ({Kind})", LocalEndPoint, _implicitTls ? "pop3s" : "pop3");
        await _acceptor.RunAsync(client => RunSessionAsync(client, stopAccepting, abort), _services.Log, stopAccepting);
    }

    private async Task RunSessionAsync(Socket client, CancellationToken shutdown, CancellationToken abort)
    {
        await Task.Yield();
        using var connection = _services.Metrics?.Connection(_implicitTls ? "pop3s" : "pop3");
        var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            if (Interlocked.Increment(ref _active) > _services.Settings.ProcessLimit)
            {
                _services.Log.LogWarning("too many connections on {Endpoint}: refusing {Remote}", LocalEndPoint, client.RemoteEndPoint);
                _services.Metrics?.ConnectionRefused(_implicitTls ? "pop3s" : "pop3", "default_process_limit");
                if (!_implicitTls)
                {
                    var reply = System.Text.Encoding.ASCII.GetBytes(Pop3ServerReplies.TooManyConnections.ToString());
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await stream.WriteAsync(reply, timeout.Token);
                }
                await stream.DisposeAsync();
                return;
            }
            var session = new Pop3Session(_services, stream, (IPEndPoint)client.RemoteEndPoint!, (IPEndPoint)client.LocalEndPoint!, _implicitTls,
                shutdown, abort);
            await session.RunAsync();
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            await stream.DisposeAsync();
        }
        catch (Exception exception)
        {
            _services.Log.LogError(exception, "session on {Endpoint} failed unexpectedly", LocalEndPoint);
            await stream.DisposeAsync();
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }
}
