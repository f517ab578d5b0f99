using System.Net.Security;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Sekisho.Queue;

namespace Sekisho.Delivery.Smtp;

/// <summary>
/// One SMTP session with one server: connect, greeting, EHLO, STARTTLS per <c>smtp_tls_security_level</c>,
/// AUTH when credentials are found, then one mail transaction with MailKit. Every failure becomes a result:
/// a reply for a recipient, or a session problem (bounce or defer) for the rest.
/// </summary>
public sealed class SmtpSession
{
    private readonly SmtpTransportOptions _options;
    private readonly bool _preferChunking;
    private readonly SmtpConnectionCache? _cache;

    /// <summary>Creates the session runner.</summary>
    /// <param name="options">TLS, SASL, HELO name, timeouts and the connection cache limits.</param>
    /// <param name="preferChunking">Use BDAT when the server offers CHUNKING.</param>
    public SmtpSession(SmtpTransportOptions options, bool preferChunking = true)
    {
        _options = options;
        _preferChunking = preferChunking;
        _cache = options.ConnectionCacheTimeLimit > TimeSpan.Zero
            ? new SmtpConnectionCache(options.ConnectionCacheTimeLimit, options.ConnectionReuseTimeLimit)
            : null;
    }

    /// <summary>The sessions kept between transactions, or null when caching is off.</summary>
    public SmtpConnectionCache? Cache => _cache;

    /// <summary>Delivers a message to some recipients through one server.</summary>
    /// <param name="endpoint">The server.</param>
    /// <param name="nextHop">The destination it was found for (for password lookup).</param>
    /// <param name="message">The message to send (see <see cref="SpoolMimeMessage"/>).</param>
    /// <param name="envelope">The sender, the recipients and their RFC 3461 requests.</param>
    /// <param name="cancellationToken">Server shutdown.</param>
    /// <exception cref="OperationCanceledException">Shutdown.</exception>
    public async Task<SmtpAttemptResult> DeliverAsync(SmtpEndpoint endpoint, NextHop nextHop, MimeMessage message, SmtpEnvelope envelope,
        CancellationToken cancellationToken)
    {
        var tls = _options.TlsSecurityLevel;
        var result = await AttemptAsync(endpoint, nextHop, message, envelope, tls, cancellationToken);
        if (result.Retry is { } plaintext && tls == SmtpTlsLevel.May)
        {
            // Opportunistic TLS that failed to start: try the same server again in plaintext, as Postfix does.
            result = await AttemptAsync(endpoint, nextHop, message, envelope, SmtpTlsLevel.None, cancellationToken);
            return result.Retry is null ? result.Result : SmtpAttemptResult.Failed(plaintext);
        }
        return result.Retry is { } problem ? SmtpAttemptResult.Failed(problem) : result.Result;
    }

    private async Task<(SmtpAttemptResult Result, SmtpProblem? Retry)> AttemptAsync(SmtpEndpoint endpoint, NextHop nextHop, MimeMessage message,
        SmtpEnvelope envelope, SmtpTlsLevel tls, CancellationToken cancellationToken)
    {
        var key = $"{endpoint.Relay}|{endpoint.HostName}|{tls}|{nextHop}";
        if (_cache?.TryTake(key) is { } cached)
        {
            var reused = await SmtpMailTransaction.RunAsync(cached.Client, cached.Watch, endpoint, message, envelope, cancellationToken);
            if (!reused.ConnectionLost || cached.Client.SenderReply is not null)
            {
                if (!await FinishAsync(key, cached, reused))
                {
                    cached.Dispose();
                }
                return (reused.Result, null);
            }
            cached.Dispose(); // the server closed the idle session before MAIL FROM: start a fresh one
        }

        Socket socket;
        try
        {
            socket = await ConnectAsync(endpoint, cancellationToken);
        }
        catch (SocketException exception)
        {
            return (SmtpAttemptResult.Failed(SmtpProblem.Defer($"connect to {endpoint.Relay}: {Describe(exception)}", endpoint.Relay)), null);
        }
        var connection = new CachedSmtpConnection(NewClient(tls, out var watch, cancellationToken), watch, socket, DateTime.UtcNow);
        var kept = false;
        try
        {
            var handshake = await HandshakeAsync(connection.Client, watch, socket, endpoint, nextHop, tls, cancellationToken);
            if (handshake is not null)
            {
                return handshake.Value;
            }
            var transaction = await SmtpMailTransaction.RunAsync(connection.Client, watch, endpoint, message, envelope, cancellationToken);
            kept = await FinishAsync(key, connection, transaction);
            return (transaction.Result, null);
        }
        finally
        {
            if (!kept)
            {
                connection.Dispose();
            }
        }
    }

    private SpoolSmtpClient NewClient(SmtpTlsLevel tls, out SmtpConversationWatch watch, CancellationToken cancellationToken)
    {
        watch = new SmtpConversationWatch(_options.Timeouts, cancellationToken);
        return new SpoolSmtpClient(watch, _preferChunking)
        {
            LocalDomain = _options.HeloName,
            CheckCertificateRevocation = false,
            ServerCertificateValidationCallback = tls == SmtpTlsLevel.Verify
                ? static (_, _, _, errors) => errors == SslPolicyErrors.None
                : static (_, _, _, _) => true,
        };
    }

    /// <summary>
    /// After a transaction: a session that delivered cleanly waits in the cache for the next message to the same
    /// server; any other ends with QUIT (unless the connection is gone). True when the cache took it.
    /// </summary>
    private async Task<bool> FinishAsync(string key, CachedSmtpConnection connection, (SmtpAttemptResult Result, bool ConnectionLost) transaction)
    {
        var clean = !transaction.ConnectionLost && transaction.Result.Problem is null
                    && transaction.Result.Replies.Values.Any(r => r.Status == RecipientStatus.Sent);
        if (clean && _cache is not null)
        {
            _cache.Return(key, connection);
            return true;
        }
        if (!transaction.ConnectionLost)
        {
            await QuitAsync(connection.Client);
        }
        return false;
    }

    private async Task<Socket> ConnectAsync(SmtpEndpoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.Timeouts.Connect > TimeSpan.Zero)
        {
            deadline.CancelAfter(_options.Timeouts.Connect);
        }
        try
        {
            await socket.ConnectAsync(endpoint.Address, endpoint.Port, deadline.Token);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.TimedOut);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Greeting, EHLO, TLS and AUTH; null when the session may go on to the mail transaction.</summary>
    private async Task<(SmtpAttemptResult Result, SmtpProblem? Retry)?> HandshakeAsync(SpoolSmtpClient client, SmtpConversationWatch watch,
        Socket socket, SmtpEndpoint endpoint, NextHop nextHop, SmtpTlsLevel tls, CancellationToken cancellationToken)
    {
        var secure = tls switch
        {
            SmtpTlsLevel.None => SecureSocketOptions.None,
            SmtpTlsLevel.May => SecureSocketOptions.StartTlsWhenAvailable,
            _ => SecureSocketOptions.StartTls,
        };
        try
        {
            await client.ConnectAsync(socket, endpoint.HostName, endpoint.Port, secure, watch.Token);
        }
        catch (SmtpCommandException exception) when (watch.LastCommand is null)
        {
            var reply = SmtpReplyText.Format((int)exception.StatusCode, exception.Message);
            var permanent = SmtpReplyText.IsPermanent((int)exception.StatusCode) && !_options.Skip5xxGreeting;
            return (SmtpAttemptResult.Failed(new SmtpProblem(permanent, $"host {endpoint.Name} refused to talk to me: {reply}", endpoint.Relay)), null);
        }
        catch (SmtpCommandException exception) when (watch.LastCommand == "STARTTLS")
        {
            var problem = SmtpProblem.Defer($"host {endpoint.Name} refused to start TLS: {SmtpReplyText.Format((int)exception.StatusCode, exception.Message)}", endpoint.Relay);
            return (SmtpAttemptResult.Failed(problem), problem);
        }
        catch (SmtpCommandException exception)
        {
            var code = (int)exception.StatusCode;
            var detail = SmtpReplyText.Said(endpoint, SmtpReplyText.Format(code, exception.Message), watch.LastCommand ?? "EHLO");
            return (SmtpAttemptResult.Failed(new SmtpProblem(SmtpReplyText.IsPermanent(code), detail, endpoint.Relay)), null);
        }
        catch (NotSupportedException)
        {
            return (SmtpAttemptResult.Failed(SmtpProblem.Defer($"TLS is required, but was not offered by host {endpoint.Name}", endpoint.Relay)), null);
        }
        catch (SslHandshakeException exception)
        {
            var detail = tls == SmtpTlsLevel.Verify && exception.ServerCertificate is not null
                ? $"Server certificate not verified: TLS handshake with {endpoint.Name} failed"
                : $"Cannot start TLS: handshake failure with {endpoint.Name}";
            var problem = SmtpProblem.Defer(detail, endpoint.Relay);
            return (SmtpAttemptResult.Failed(problem), problem);
        }
        catch (Exception exception) when (SmtpConnectionFailure.Matches(exception, watch, cancellationToken))
        {
            return (SmtpAttemptResult.Failed(SmtpConnectionFailure.Describe(endpoint, watch)), null);
        }
        return await AuthenticateAsync(client, watch, endpoint, nextHop, cancellationToken);
    }

    private async Task<(SmtpAttemptResult Result, SmtpProblem? Retry)?> AuthenticateAsync(SpoolSmtpClient client, SmtpConversationWatch watch,
        SmtpEndpoint endpoint, NextHop nextHop, CancellationToken cancellationToken)
    {
        if (!_options.SaslAuthEnable || _options.SaslPasswordMaps is not { } table
            || (client.Capabilities & SmtpCapabilities.Authentication) == 0
            || SmtpCredentials.Find(table, nextHop, endpoint.HostName) is not { } credentials)
        {
            return null;
        }
        var security = client.IsSecure ? _options.SaslTlsSecurityOptions : _options.SaslSecurityOptions;
        if (SaslMechanismChooser.Choose(client.AuthenticationMechanisms, security, _options.SaslMechanismFilter) is not { } name)
        {
            var problem = SmtpProblem.Defer($"SASL authentication failed; cannot authenticate to server {endpoint.Name}: no mechanism available", endpoint.Relay);
            await QuitAsync(client);
            return (SmtpAttemptResult.Failed(problem, handshakeCompleted: true), null);
        }
        try
        {
            var mechanism = SaslMechanism.Create(name, new System.Net.NetworkCredential(credentials.UserName, credentials.Password))
                ?? throw new NotSupportedException(name);
            await client.AuthenticateAsync(mechanism, watch.Token);
            return null;
        }
        catch (AuthenticationException exception)
        {
            var problem = SmtpProblem.Defer($"SASL authentication failed; server {endpoint.Name} said: {exception.Message}", endpoint.Relay);
            await QuitAsync(client);
            return (SmtpAttemptResult.Failed(problem, handshakeCompleted: true), null);
        }
        catch (SmtpCommandException exception)
        {
            var problem = SmtpProblem.Defer($"SASL authentication failed; server {endpoint.Name} said: {SmtpReplyText.Format((int)exception.StatusCode, exception.Message)}", endpoint.Relay);
            await QuitAsync(client);
            return (SmtpAttemptResult.Failed(problem, handshakeCompleted: true), null);
        }
        catch (Exception exception) when (exception is SaslException || SmtpConnectionFailure.Matches(exception, watch, cancellationToken))
        {
            return (SmtpAttemptResult.Failed(SmtpConnectionFailure.Describe(endpoint, watch), handshakeCompleted: true), null);
        }
    }

    /// <summary>Ends the session politely (<c>smtp_quit_timeout</c>); a failed QUIT changes nothing.</summary>
    private async Task QuitAsync(SmtpClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }
        using var deadline = new CancellationTokenSource(_options.Timeouts.Quit);
        try
        {
            await client.DisconnectAsync(quit: true, deadline.Token);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or SmtpProtocolException or SmtpCommandException)
        {
            // The mail is delivered or not already; a failed QUIT changes nothing.
        }
    }

    private static string Describe(SocketException exception) => exception.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "Connection refused",
        SocketError.TimedOut => "Connection timed out",
        SocketError.HostUnreachable => "No route to host",
        SocketError.NetworkUnreachable => "Network is unreachable",
        _ => exception.Message,
    };
}
