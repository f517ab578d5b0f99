using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Sekisho.Delivery.Maildrop;
using Sekisho.Protocol.Pop3;
using Sekisho.Server.Smtp;

namespace Sekisho.Server.Pop3;

/// <summary>
/// One POP3 dialogue (RFC 1939, CAPA RFC 2449, STLS RFC 2595, AUTH RFC 5034): reads commands, checks them against the
/// state table, answers each, and drives the account's Maildir through a <see cref="Pop3Transaction"/>. The maildrop
/// is opened (and locked, one session per mailbox) at login and changed only at QUIT; a session that ends any other
/// way leaves it as it was.
/// </summary>
/// <remarks>
/// The mail log has one line per event, Dovecot style: <c>connect from unknown[192.0.2.7]</c>,
/// <c>login: user=&lt;alice&gt;, method=USER, rip=192.0.2.7, lip=192.0.2.1, tls</c>,
/// <c>unknown[192.0.2.7]: authentication failed (method=USER, user=&lt;alice&gt;)</c>, and at the end either
/// <c>alice: disconnected: Logged out top=0/0, retr=1/512, del=1/1, size=512</c> or, without a login,
/// <c>disconnect from unknown[192.0.2.7]: Logged out (no login, 2 failed)</c>.
/// </remarks>
internal sealed class Pop3Session
{
    /// <summary>Invalid commands (unknown, bad syntax, wrong state, too long) before the session is closed; Dovecot's number.</summary>
    private const int MaxInvalidCommands = 20;

    private readonly Pop3Services _services;
    private readonly Pop3Connection _connection;
    private readonly bool _implicitTls;
    private readonly CancellationToken _shutdown;
    private readonly CancellationToken _abort;
    private readonly IPAddress _clientAddress;
    private readonly IPAddress _localAddress;
    private readonly string _clientLabel;

    private Pop3State _state = Pop3State.Authorization;
    private string? _user;
    private string? _apopTimestamp;
    private string? _account;
    private Pop3Transaction? _transaction;
    private int _invalidCommands;
    private int _failedLogins;
    private bool _closing;
    private string _reason = "Connection closed";

    public Pop3Session(Pop3Services services, Stream network, IPEndPoint remote, IPEndPoint local, bool implicitTls, CancellationToken shutdown,
        CancellationToken abort)
    {
        _services = services;
        _connection = new Pop3Connection(network);
        _implicitTls = implicitTls;
        _shutdown = shutdown;
        _abort = abort;
        _clientAddress = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        _localAddress = local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address;
        _clientLabel = $"unknown[{_clientAddress}]";
    }

    private ILogger Log => _services.Log;

    private Pop3Authenticator Authenticator => _services.Authenticator;

    /// <summary><c>pop3_timeout</c>: for each command to arrive, and for each command's response to be taken.</summary>
    private TimeSpan Timeout => _services.Settings.Pop.Timeout;

    /// <summary>Runs the dialogue until QUIT, too many invalid commands, a timeout, shutdown or a lost connection.</summary>
    public async Task RunAsync()
    {
        Log.LogInformation("connect from {Client}", _clientLabel);
        try
        {
            if (_implicitTls && !await StartTlsAsync())
            {
                return;
            }
            // The APOP timestamp is how RFC 1939 offers APOP; it stays valid after STLS (there is no second greeting).
            _apopTimestamp = Authenticator.ApopOffered ? ApopDigest.CreateTimestamp(_services.Settings.MyHostname) : null;
            _connection.Write(Pop3Reply.Greeting(_apopTimestamp));
            while (!_closing)
            {
                await ReadAndHandleCommandAsync();
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abort);
            timeout.CancelAfter(Timeout);
            await _connection.FlushAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or AuthenticationException)
        {
            _reason = "Connection closed";
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            _reason = "Server shutting down";
        }
        catch (OperationCanceledException)
        {
            _reason = "Disconnected for inactivity"; // a response the client did not take within pop3_timeout
        }
        finally
        {
            _transaction?.Dispose();
            await _connection.DisposeAsync();
            if (_account is not null)
            {
                Log.LogInformation("{Account}: disconnected: {Reason} {Statistics}", _account, _reason, _transaction!.Statistics);
            }
            else
            {
                Log.LogInformation("disconnect from {Client}: {Reason} (no login{Failed})", _clientLabel, _reason,
                    _failedLogins > 0 ? $", {_failedLogins} failed" : "");
            }
        }
    }

    private async Task ReadAndHandleCommandAsync()
    {
        (LineReadStatus Status, byte[]? Line) read;
        using (var idle = CancellationTokenSource.CreateLinkedTokenSource(_shutdown, _abort))
        {
            idle.CancelAfter(Timeout);
            try
            {
                // AUTH lines may be long (an initial response); the parser refuses other commands over 255 octets.
                read = await _connection.ReadLineAsync(Pop3CommandParser.MaxAuthLineLength, idle.Token);
            }
            catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
            {
                var shuttingDown = _shutdown.IsCancellationRequested;
                _reason = shuttingDown ? "Server shutting down" : "Disconnected for inactivity";
                _connection.Write(shuttingDown ? Pop3Reply.ShuttingDown : Pop3Reply.Timeout);
                _closing = true;
                return;
            }
        }
        switch (read.Status)
        {
            case LineReadStatus.Closed:
                _reason = "Connection closed";
                _closing = true;
                return;
            case LineReadStatus.TooLong:
                Invalid(Pop3Reply.LineTooLong);
                return;
        }
        if (!Pop3CommandParser.TryParse(read.Line!, out var command, out var error))
        {
            Invalid(error!);
            return;
        }
        if (Pop3StateTable.Check(_state, command.Verb) is { } refused)
        {
            Invalid(refused);
            return;
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_abort);
        limit.CancelAfter(Timeout);
        await HandleAsync(command, limit.Token);
    }

    private async Task HandleAsync(Pop3Command command, CancellationToken cancellationToken)
    {
        switch (command.Verb)
        {
            case Pop3Verb.Capa:
                WriteCapabilities();
                break;
            case Pop3Verb.Quit:
                var reply = Pop3Reply.LoggingOut;
                if (_transaction is not null)
                {
                    _state = Pop3State.Update;
                    reply = await _transaction.CommitAsync();
                    _transaction.Dispose(); // unlocked before the client hears +OK, so it may log in again at once
                }
                _connection.Write(reply);
                _reason = "Logged out";
                _closing = true;
                break;
            case Pop3Verb.Stls:
                await StlsAsync();
                break;
            case Pop3Verb.User:
                _user = null;
                if (!Authenticator.PlaintextAllowed(_connection.IsTls))
                {
                    _connection.Write(Pop3Reply.PlaintextDisallowed);
                    break;
                }
                _user = command.UserName;
                _connection.Write(Pop3Reply.Success);
                break;
            case Pop3Verb.Pass:
                await PassAsync(command.Password!, cancellationToken);
                break;
            case Pop3Verb.Apop:
                await ApopAsync(command, cancellationToken);
                break;
            case Pop3Verb.Auth:
                await AuthAsync(command, cancellationToken);
                break;
            default:
                await _transaction!.HandleAsync(command, _connection, cancellationToken);
                break;
        }
    }

    private async Task PassAsync(string password, CancellationToken cancellationToken)
    {
        var user = _user;
        _user = null;
        if (user is null)
        {
            _connection.Write(Pop3Reply.NoUsernameGiven);
            return;
        }
        if (!Authenticator.PlaintextAllowed(_connection.IsTls))
        {
            _connection.Write(Pop3Reply.PlaintextDisallowed); // USER was given under TLS rules that no longer hold
            return;
        }
        await FinishLoginAsync(await Authenticator.VerifyPasswordAsync(_connection, user, password, _clientAddress, _clientLabel, cancellationToken),
            cancellationToken);
    }

    private async Task ApopAsync(Pop3Command command, CancellationToken cancellationToken)
    {
        _user = null;
        var refusal = Authenticator.ApopRefusal(_connection.IsTls);
        if (refusal is not null || _apopTimestamp is null)
        {
            _connection.Write(refusal ?? Pop3Reply.ApopDisabled); // no timestamp without APOP allowed somewhere: never both null
            return;
        }
        await FinishLoginAsync(await Authenticator.VerifyApopAsync(_connection, command.UserName!, command.Digest!, _apopTimestamp, _clientAddress,
            _clientLabel, cancellationToken), cancellationToken);
    }

    private async Task AuthAsync(Pop3Command command, CancellationToken cancellationToken)
    {
        _user = null;
        if (command.Mechanism is null)
        {
            // A bare AUTH lists the mechanisms, as Dovecot does for pre-RFC 5034 clients (Outlook).
            _connection.Write(Pop3Reply.Success, Authenticator.Offered(_connection.IsTls));
            return;
        }
        var outcome = await Authenticator.RunSaslAsync(_connection, command.Mechanism, command.InitialResponse, _clientAddress, _clientLabel,
            Timeout, cancellationToken);
        await FinishLoginAsync(outcome, cancellationToken);
    }

    /// <summary>After PASS, APOP or AUTH: on good credentials, records POP-before-SMTP and opens and locks the maildrop.</summary>
    private async Task FinishLoginAsync(Pop3LoginOutcome outcome, CancellationToken cancellationToken)
    {
        _services.Metrics?.Authenticated(outcome);
        if (!outcome.Succeeded)
        {
            if (outcome.Reply is not null)
            {
                _failedLogins++;
                _connection.Write(outcome.Reply);
            }
            if (outcome.Close)
            {
                _reason = outcome.Reply is null ? "Connection closed" : "Too many authentication failures";
                _closing = true;
            }
            return;
        }
        var account = outcome.Account!;
        // The credentials are proven: the address may relay even if the mailbox cannot be opened now (in use by another device).
        await _services.PopBeforeSmtp.AuthorizeAsync(_clientAddress, account, cancellationToken);
        var opened = await Task.Run(() => MaildirMaildrop.Open(_services.MaildirOf(account)), cancellationToken);
        switch (opened.Status)
        {
            case MaildropOpenStatus.InUse:
                Log.LogInformation("{Client}: {Account}: mailbox in use by another session (method={Method})", _clientLabel, account, outcome.Method);
                _connection.Write(Pop3Reply.MailboxInUse);
                return;
            case MaildropOpenStatus.Failed:
                Log.LogWarning("{Client}: {Account}: {Problem}", _clientLabel, account, opened.Problem);
                _connection.Write(Pop3Reply.MailboxTemporarilyUnavailable);
                return;
        }
        _account = account;
        _transaction = new Pop3Transaction(opened.Maildrop!, Log, account);
        _state = Pop3State.Transaction;
        Log.LogInformation("login: user=<{Account}>, method={Method}, rip={Rip}, lip={Lip}{Tls}", account, outcome.Method, _clientAddress,
            _localAddress, _connection.IsTls ? ", tls" : "");
        _connection.Write(Pop3Reply.LoggedIn);
    }

    private void WriteCapabilities()
    {
        var tls = _connection.IsTls;
        var capabilities = new Pop3Capabilities
        {
            State = _state,
            PlaintextLoginAllowed = Authenticator.PlaintextAllowed(tls),
            SaslMechanisms = Authenticator.Offered(tls),
            TlsAvailable = _services.Certificate is not null,
            TlsActive = tls,
        };
        _connection.Write(Pop3Reply.CapabilityListFollows, capabilities.Lines());
    }

    private async Task StlsAsync()
    {
        if (_connection.IsTls)
        {
            _connection.Write(Pop3Reply.TlsAlreadyActive);
            return;
        }
        if (_services.Certificate is null)
        {
            _connection.Write(Pop3Reply.TlsNotAvailable);
            return;
        }
        _connection.Write(Pop3Reply.BeginTls);
        _user = null; // RFC 2595 4: nothing said before TLS counts after it
        await StartTlsAsync();
    }

    /// <summary>The TLS handshake (after STLS, or at once on POP3S); false, with the session closing, when it failed.</summary>
    private async Task<bool> StartTlsAsync()
    {
        if (_services.Certificate is null)
        {
            _closing = true;
            return false;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abort);
        timeout.CancelAfter(Timeout);
        try
        {
            await _connection.StartTlsAsync(_services.Certificate, timeout.Token);
            Log.LogInformation("TLS connection established from {Client}: {Tls}", _clientLabel, _connection.TlsDescription);
            return true;
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException or OperationCanceledException && !_abort.IsCancellationRequested)
        {
            Log.LogInformation("TLS handshake failed from {Client}: {Problem}", _clientLabel, exception.Message);
            _reason = "TLS handshake failed";
            _closing = true;
            return false;
        }
    }

    /// <summary>Answers an invalid command; past <see cref="MaxInvalidCommands"/> the session ends.</summary>
    private void Invalid(Pop3Reply reply)
    {
        _connection.Write(reply);
        if (++_invalidCommands >= MaxInvalidCommands)
        {
            Log.LogInformation("too many invalid commands from {Client}", _clientLabel);
            _connection.Write(Pop3Reply.TooManyErrors);
            _reason = "Too many invalid commands";
            _closing = true;
        }
    }
}
