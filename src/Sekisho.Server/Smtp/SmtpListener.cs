using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Sekisho.Config;
using Sekisho.Server.Hosting;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Server.Smtp;

/// <summary>
/// Accepts connections on one endpoint and runs a session for each, up to <c>default_process_limit</c> at
/// once; the next one gets <c>421 4.7.0 Error: too many connections</c>. A client over its own concurrency or rate
/// limit (<see cref="ClientConnectionLimiter"/>) gets <c>421 4.7.0 Error: too many connections from ADDRESS</c>. On the
/// SMTPS port a refused connection is closed without a reply, since the client expects a TLS handshake.
/// </summary>
public sealed class SmtpListener
{
    private readonly SmtpServices _services;
    private readonly ListenerKind _kind;
    private readonly TcpAcceptor _acceptor;
    private int _active;

    /// <summary>Binds the endpoint (so a busy port fails at start-up, not later).</summary>
    /// <exception cref="ListenerBindException">The address cannot be bound.</exception>
    public SmtpListener(SmtpServices services, ListenEndpoint endpoint, ListenerKind kind)
    {
        _services = services;
        _kind = kind;
        _acceptor = new TcpAcceptor(endpoint);
    }

    /// <summary>The bound endpoint (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => _acceptor.LocalEndPoint;

    /// <summary>The service offered.</summary>
    public ListenerKind Kind => _kind;

    /// <summary>Accepts until <paramref name="stopAccepting"/>; then waits for the sessions to end.</summary>
    /// <param name="stopAccepting">Graceful shutdown: sessions finish their current command.</param>
    /// <param name="abort">Hard stop: sessions are cut.</param>
    public async Task RunAsync(CancellationToken stopAccepting, CancellationToken abort)
    {
        _services.Log.LogInformation("listening on {Endpoint} ({Kind})", LocalEndPoint, _kind.ToString().ToLowerInvariant());
        await _acceptor.RunAsync(client => RunSessionAsync(client, stopAccepting, abort), _services.Log, stopAccepting);
    }

    private async Task RunSessionAsync(Socket client, CancellationToken shutdown, CancellationToken abort)
    {
        await Task.Yield();
        using var connection = _services.Metrics?.Connection(_kind);
        var stream = new NetworkStream(client, ownsSocket: true);
        var remote = (IPEndPoint)client.RemoteEndPoint!;
        var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        var limiter = _services.ClientLimiter;
        var admitted = false;
        try
        {
            if (Interlocked.Increment(ref _active) > _services.Settings.ProcessLimit)
            {
                _services.Log.LogWarning("too many connections on {Endpoint}: refusing {Remote}", LocalEndPoint, remote);
                _services.Metrics?.ConnectionRefused(_kind, null);
                await RefuseAsync(stream, SmtpReply.TooManyConnections(_services.Settings.MyHostname));
                return;
            }
            if (limiter?.Open(address) is { } violation)
            {
                // Postfix: "warning: Connection rate limit exceeded: 31 from unknown[192.0.2.1] for service smtp"
                _services.Log.LogWarning("{Limit}: {Count} from unknown[{Address}] for service {Service}",
                    violation.Limit, violation.Count, address, _kind.ToString().ToLowerInvariant());
                _services.Metrics?.ConnectionRefused(_kind, violation);
                await RefuseAsync(stream, SmtpReply.TooManyConnectionsFrom(_services.Settings.MyHostname, address.ToString()));
                return;
            }
            admitted = true;
            var session = new SmtpSession(_services, stream, remote, _kind, shutdown, abort);
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
            if (admitted)
            {
                limiter?.Close(address);
            }
            Interlocked.Decrement(ref _active);
        }
    }

    /// <summary>Answers a refused connection with <paramref name="reply"/> (not on the SMTPS port: the client expects a TLS handshake) and closes it.</summary>
    private async Task RefuseAsync(NetworkStream stream, SmtpReply reply)
    {
        if (_kind != ListenerKind.Smtps)
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(reply.ToString());
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await stream.WriteAsync(bytes, timeout.Token);
        }
        await stream.DisposeAsync();
    }
}
