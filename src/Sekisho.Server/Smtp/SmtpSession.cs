using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Sekisho.Policy;
using Sekisho.Policy.Restrictions;
using Sekisho.Protocol.Smtp;
using Sekisho.Queue;
using Sekisho.Server.Auth;

namespace Sekisho.Server.Smtp;

/// <summary>
/// One SMTP dialogue (RFC 5321): reads commands, checks them against the state table, answers each with a
/// reply, streams message content into the spool and answers 250 only once it is durable. Knows nothing of
/// how messages are delivered.
/// </summary>
internal sealed class SmtpSession
{
    private readonly SmtpServices _services;
    private readonly SmtpConnection _connection;
    private readonly ListenerKind _kind;
    private readonly CancellationToken _shutdown;
    private readonly CancellationToken _abort;
    private readonly string _clientLabel;
    private readonly IPAddress _clientAddress;
    private readonly SessionStatistics _statistics = new();
    private ILogger Log => _services.Log;

    private SmtpState _state = SmtpState.Connected;
    private string _helo = "";
    private bool _extended;
    private MailTransaction? _transaction;
    private ChunkReceiver? _chunks;
    private int _errors;
    private int _recipientOvershoot;
    private readonly SmtpReply _toleratedRecipientOvershoot = SmtpReply.TooManyRecipients.WithText(SmtpReply.TooManyRecipients.Text);
    private bool _closing;
    private bool _improperPipelining;
    private string? _saslUser;
    private string? _saslMethod;
    private string _lastCommand = "CONNECT";

    public SmtpSession(SmtpServices services, Stream network, IPEndPoint remote, ListenerKind kind, CancellationToken shutdown, CancellationToken abort)
    {
        _services = services;
        _connection = new SmtpConnection(network);
        _kind = kind;
        _shutdown = shutdown;
        _abort = abort;
        _clientAddress = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        _clientLabel = $"unknown[{_clientAddress}]";
    }

    private ClientContext Client => new(_clientAddress, "unknown", _helo);

    private SmtpAuthenticator? Authenticator => _services.Authenticator;

    private string Hostname => _services.Settings.MyHostname;

    /// <summary>Runs the dialogue until QUIT, an error limit, a timeout, shutdown or a lost connection.</summary>
    public async Task RunAsync()
    {
        Log.LogInformation("connect from {Client}", _clientLabel);
        try
        {
            if (_kind == ListenerKind.Smtps)
            {
                if (!await StartTlsAsync())
                {
                    return;
                }
            }
            _connection.Write(new SmtpReply(220, null, _services.Settings.SmtpdBanner));
            while (!_closing)
            {
                await ReadAndHandleCommandAsync();
            }
            await FlushAsync();
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or AuthenticationException)
        {
            Log.LogInformation("lost connection after {Command} from {Client}", _lastCommand, _clientLabel);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            Log.LogInformation("connection from {Client} aborted at shutdown after {Command}", _clientLabel, _lastCommand);
        }
        catch (OperationCanceledException)
        {
            Log.LogInformation("timeout after {Command} from {Client} (replies not read)", _lastCommand, _clientLabel);
        }
        finally
        {
            if (_chunks is not null)
            {
                await _chunks.DisposeAsync();
            }
            await _connection.DisposeAsync();
            Log.LogInformation("disconnect from {Client} {Statistics}", _clientLabel, _statistics);
        }
    }

    private async Task ReadAndHandleCommandAsync()
    {
        SmtpCommand command = default;
        SmtpReply? parseError = null;
        var parsed = false;
        var bareLf = false;
        LineReadStatus status;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_shutdown, _abort))
        {
            timeout.CancelAfter(_services.Settings.SmtpdTimeout);
            try
            {
                status = await _connection.ReadLineAsync(_services.Settings.LineLengthLimit, (line, lf) =>
                {
                    bareLf = lf;
                    parsed = SmtpCommandParser.TryParse(line, out command, out parseError);
                }, timeout.Token);
            }
            catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
            {
                if (_shutdown.IsCancellationRequested)
                {
                    await ReplyAsync(SmtpReply.ShuttingDown(Hostname));
                }
                else
                {
                    Log.LogInformation("timeout after {Command} from {Client}", _lastCommand, _clientLabel);
                    await ReplyAsync(SmtpReply.Timeout(Hostname));
                }
                _closing = true;
                return;
            }
        }

        switch (status)
        {
            case LineReadStatus.Closed:
                Log.LogInformation("lost connection after {Command} from {Client}", _lastCommand, _clientLabel);
                _closing = true;
                return;
            case LineReadStatus.TooLong:
                _statistics.Count("unknown", false);
                await ReplyAsync(SmtpReply.LineTooLong);
                return;
        }
        if (bareLf && _services.BareNewline == BareNewlinePolicy.Reject)
        {
            Log.LogInformation("bare <LF> received from {Client} after {Command}; disconnecting", _clientLabel, _lastCommand);
            await ReplyAsync(SmtpReply.BareNewline);
            _closing = true;
            return;
        }
        if (!parsed)
        {
            _statistics.Count("unknown", false);
            await ReplyAsync(parseError!);
            return;
        }
        _lastCommand = command.Verb.ToString().ToUpperInvariant();
        if (_connection.InputPending && (!_extended || command.Verb == SmtpVerb.Ehlo) && command.Verb != SmtpVerb.Quit)
        {
            _improperPipelining = true; // RFC 2920: without PIPELINING advertised, a client waits for each reply
        }
        var reply = command.Verb == SmtpVerb.Bdat
            ? await HandleBdatAsync(command.Argument)
            : SmtpStateTable.Check(_state, command.Verb) ?? await HandleAsync(command);
        if (reply is null)
        {
            return; // already answered (STARTTLS) or the connection is gone (then _closing is set)
        }
        _statistics.Count(command.Verb.ToString().ToLowerInvariant(), reply.IsPositive);
        await ReplyAsync(reply, countsAsError: !ReferenceEquals(reply, _toleratedRecipientOvershoot));
    }

    private async Task<SmtpReply?> HandleAsync(SmtpCommand command)
    {
        switch (command.Verb)
        {
            case SmtpVerb.Helo:
            case SmtpVerb.Ehlo:
                return await HelloAsync(command);
            case SmtpVerb.Mail:
                return Mail(command.Argument);
            case SmtpVerb.Rcpt:
                return await RecipientAsync(command.Argument);
            case SmtpVerb.Data:
                return command.Argument.Length > 0 ? SmtpReply.Syntax("DATA") : await DataAsync();
            case SmtpVerb.Rset:
                await ResetTransactionAsync();
                return SmtpReply.Ok;
            case SmtpVerb.Noop:
                return SmtpReply.Ok;
            case SmtpVerb.Quit:
                _closing = true;
                return SmtpReply.Bye;
            case SmtpVerb.Vrfy:
                return command.Argument.Length == 0 ? SmtpReply.Syntax("VRFY address") : SmtpReply.CannotVerify;
            case SmtpVerb.Help:
                return SmtpReply.Help;
            case SmtpVerb.StartTls:
                return await StartTlsCommandAsync(command.Argument);
            case SmtpVerb.Auth:
                return await AuthAsync(command.Argument);
            case SmtpVerb.Etrn:
                return await EtrnCommand.RunAsync(_services, command.Argument,
                    new RestrictionContext { Client = Client, SaslUser = _saslUser, ImproperPipelining = _improperPipelining }, _clientLabel, _abort);
            default:
                return new SmtpReply(502, "5.5.1", "Error: command not implemented");
        }
    }

    private async Task<SmtpReply> HelloAsync(SmtpCommand command)
    {
        var name = command.Verb == SmtpVerb.Ehlo ? "EHLO" : "HELO";
        if (command.Argument.Length == 0)
        {
            return SmtpReply.Syntax(name + " hostname");
        }
        await ResetTransactionAsync();
        _helo = command.Argument;
        _extended = command.Verb == SmtpVerb.Ehlo;
        _state = SmtpState.Greeted;
        if (!_extended)
        {
            return new SmtpReply(250, null, Hostname);
        }
        var lines = new List<string> { Hostname, "PIPELINING" };
        var limit = _services.Settings.MessageSizeLimit;
        lines.Add(limit > 0 ? "SIZE " + limit : "SIZE");
        lines.Add("VRFY");
        if (_services.Etrn is not null)
        {
            lines.Add("ETRN");
        }
        if (_services.Certificate is not null && !_connection.IsTls)
        {
            lines.Add("STARTTLS");
        }
        if (Authenticator is not null)
        {
            lines.AddRange(Authenticator.EhloLines(_connection.IsTls));
        }
        lines.AddRange(["ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING"]);
        return new SmtpReply(250, null, [.. lines]);
    }

    private async Task<SmtpReply?> AuthAsync(string argument)
    {
        if (Authenticator is null || !_services.Settings.Sasl.Enabled)
        {
            return new SmtpReply(503, "5.5.1", "Error: authentication not enabled");
        }
        if (_saslUser is not null)
        {
            return new SmtpReply(503, "5.5.1", "Error: already authenticated");
        }
        var outcome = await Authenticator.RunAsync(_connection, argument, _clientAddress, _clientLabel, _services.Settings.SmtpdTimeout, _abort);
        _services.Metrics?.Authenticated(outcome);
        if (outcome.Close)
        {
            _closing = true;
        }
        if (outcome.User is not null)
        {
            _saslUser = outcome.User;
            _saslMethod = outcome.Mechanism;
            _errors = 0;
        }
        return outcome.Reply;
    }

    private SmtpReply Mail(string argument)
    {
        if (_services.Settings.AuthRequired && _saslUser is null)
        {
            _services.Metrics?.Rejected(null, "smtpd_auth_required");
            return new SmtpReply(530, "5.7.0", "Authentication required");
        }
        if (!SmtpPathParser.TryParseMailFrom(argument, out var sender, out var parameters, out var error))
        {
            return error!;
        }
        if (!MailParameters.TryParse(parameters, _extended, _services.Settings.MessageSizeLimit, out var mail, out error))
        {
            _services.Metrics?.MailRejected(error!);
            return error!;
        }
        if (sender.HasNonAscii && !mail.SmtpUtf8)
        {
            return SmtpReply.Utf8AddressWithoutSmtpUtf8(sender.Address);
        }
        _transaction = new MailTransaction(sender, mail);
        _state = SmtpState.MailGiven;
        return SmtpReply.SenderOk;
    }

    private async Task<SmtpReply> RecipientAsync(string argument)
    {
        var transaction = _transaction!;
        if (!SmtpPathParser.TryParseRcptTo(argument, out var recipient, out var parameters, out var error))
        {
            return error!;
        }
        if (!RcptParameters.TryParse(parameters, _extended, out var dsn, out error))
        {
            return error!;
        }
        if (transaction.AcceptedRecipients.Count >= _services.Settings.SmtpdRecipientLimit)
        {
            // RFC 5321 4.5.3.1.10: the client goes on with those accepted; only a long overshoot counts as errors.
            return ++_recipientOvershoot <= _services.Settings.SmtpdRecipientOvershootLimit
                ? _toleratedRecipientOvershoot
                : SmtpReply.TooManyRecipients;
        }
        if (recipient.HasNonAscii && !transaction.SmtpUtf8)
        {
            return SmtpReply.Utf8AddressWithoutSmtpUtf8(recipient.Address);
        }
        var context = new RestrictionContext
        {
            Client = Client, SaslUser = _saslUser, Sender = transaction.Sender, Recipient = recipient, ImproperPipelining = _improperPipelining,
        };
        var decision = await _services.Router.RouteAsync(context, _abort);
        foreach (var warning in decision.Warnings)
        {
            Log.LogWarning("reject_warning: RCPT from {Client}: {Warning}; from=<{Sender}> to=<{Recipient}> proto={Proto} helo=<{Helo}>",
                _clientLabel, warning, transaction.Sender.Address, recipient.Address, Protocol(transaction), _helo);
        }
        if (!decision.Reply.IsPositive)
        {
            Log.LogInformation("NOQUEUE: reject: RCPT from {Client}: {Reply} {Reason}; from=<{Sender}> to=<{Recipient}> proto={Proto} helo=<{Helo}>",
                _clientLabel, decision.Reply.ToLogString(), decision.Reason, transaction.Sender.Address, recipient.Address, Protocol(transaction), _helo);
            _services.Metrics?.Rejected(decision);
            return decision.Reply;
        }
        transaction.Accept(recipient.Address, decision.Targets, dsn);
        _state = SmtpState.RecipientGiven;
        return decision.Reply;
    }

    private async Task<SmtpReply?> DataAsync()
    {
        var transaction = _transaction!;
        if (await DataRestrictionsAsync(transaction) is { } refused)
        {
            return refused;
        }
        _connection.Write(SmtpReply.StartMailInput);
        var receiver = new DataReceiver(_services, _connection, _abort);
        var result = await receiver.ReceiveAsync(NewEnvelope(transaction), ReceivedHeaderFor);
        return await FinishContentAsync(result, transaction);
    }

    private async Task<SmtpReply?> HandleBdatAsync(string argument)
    {
        if (!ChunkReceiver.TryParseArgument(argument, out var size, out var last))
        {
            _closing = true; // without a valid size we cannot find the next command
            return SmtpReply.Syntax("BDAT count [LAST]");
        }
        var limit = _services.Settings.MessageSizeLimit;
        if (limit > 0 && size > limit)
        {
            // Not worth reading to stay in step: a chunk alone over the limit can never be accepted.
            Log.LogInformation("BDAT chunk of {Size} bytes over message_size_limit from {Client}: refused, closing the connection", size, _clientLabel);
            if (_transaction is { } current)
            {
                Log.LogInformation("NOQUEUE: reject: BDAT from {Client}: {Reply}; from=<{Sender}> proto={Proto} helo=<{Helo}>",
                    _clientLabel, SmtpReply.MessageTooBig.ToLogString(), current.Sender.Address, Protocol(current), _helo);
            }
            await ResetTransactionAsync();
            _closing = true;
            return SmtpReply.MessageTooBig;
        }
        var sequenceError = SmtpStateTable.Check(_state, SmtpVerb.Bdat);
        if (sequenceError is not null)
        {
            if (!await ChunkReceiver.DiscardAsync(_services, _connection, size, _abort))
            {
                _closing = true;
                return null;
            }
            return sequenceError;
        }
        var transaction = _transaction!;
        if (_chunks is null && await DataRestrictionsAsync(transaction) is { } refused)
        {
            if (!await ChunkReceiver.DiscardAsync(_services, _connection, size, _abort))
            {
                _closing = true;
                return null;
            }
            return refused;
        }
        _chunks ??= new ChunkReceiver(_services, _connection, _abort, NewEnvelope(transaction), this.ReceivedHeaderFor);
        _state = SmtpState.ChunkingInProgress;
        var result = await _chunks.ReceiveChunkAsync(size, last);
        return await FinishContentAsync(result, transaction);
    }

    /// <summary><c>smtpd_data_restrictions</c> at DATA or the first BDAT: the refusal to answer, or null to go on.</summary>
    private async Task<SmtpReply?> DataRestrictionsAsync(MailTransaction transaction)
    {
        if (_services.Router.Policy.DataList.Restrictions.Count == 0)
        {
            return null;
        }
        var context = new RestrictionContext { Client = Client, SaslUser = _saslUser, Sender = transaction.Sender, ImproperPipelining = _improperPipelining };
        var decision = await _services.Router.Policy.DecideDataAsync(context, _abort);
        foreach (var warning in decision.Warnings)
        {
            Log.LogWarning("reject_warning: {Command} from {Client}: {Warning}; from=<{Sender}> proto={Proto} helo=<{Helo}>",
                _lastCommand, _clientLabel, warning, transaction.Sender.Address, Protocol(transaction), _helo);
        }
        if (decision.Verdict.Reply is not { IsPositive: false } reply)
        {
            return null;
        }
        Log.LogInformation("NOQUEUE: reject: {Command} from {Client}: {Reply} {Reason}; from=<{Sender}> proto={Proto} helo=<{Helo}>",
            _lastCommand, _clientLabel, reply.ToLogString(), decision.LogReason, transaction.Sender.Address, Protocol(transaction), _helo);
        _services.Metrics?.Rejected(decision.Parameter, decision.Verdict.Rule);
        return reply;
    }

    private async Task<SmtpReply?> FinishContentAsync(ContentResult result, MailTransaction transaction)
    {
        if (result.CloseConnection)
        {
            _closing = true;
        }
        if (result.Reply is null)
        {
            Log.LogInformation("lost connection after {Command} from {Client}", _lastCommand, _clientLabel);
        }
        if (result.QueueId is not null)
        {
            _errors = 0;
            Log.LogInformation("{QueueId}: client={Client}{Sasl}, from=<{Sender}>, nrcpt={Count}, proto={Proto}, helo=<{Helo}>",
                result.QueueId, _clientLabel, _saslUser is null ? "" : $", sasl_method={_saslMethod}, sasl_username={_saslUser}",
                QualifiedSender(transaction.Sender), transaction.QueueRecipients.Count, Protocol(transaction), _helo);
            _services.NotifyQueued(result.QueueId);
            _services.Metrics?.MessageAccepted(_kind);
        }
        else if (result.Reply is { IsPositive: false } refused)
        {
            Log.LogInformation("NOQUEUE: reject: {Command} from {Client}: {Reply}; from=<{Sender}> proto={Proto} helo=<{Helo}>",
                _lastCommand, _clientLabel, refused.ToLogString(), transaction.Sender.Address, Protocol(transaction), _helo);
            _services.Metrics?.ContentRejected(refused);
        }
        if (result.TransactionEnded)
        {
            await ResetTransactionAsync();
        }
        return result.Reply;
    }

    private QueueEnvelope NewEnvelope(MailTransaction transaction) => new()
    {
        Sender = QualifiedSender(transaction.Sender),
        Recipients = transaction.QueueRecipients,
        ArrivalTime = _services.Time.GetUtcNow(),
        ClientName = "unknown",
        ClientAddress = _clientAddress.ToString(),
        Helo = _helo,
        Protocol = Protocol(transaction),
        BodyType = transaction.BodyType,
        SmtpUtf8 = transaction.SmtpUtf8,
        Return = transaction.Return,
        EnvelopeId = transaction.EnvelopeId,
    };

    /// <summary>The envelope sender as queued: an unqualified one (<c>MAIL FROM:&lt;root&gt;</c>) gets <c>@$myorigin</c>, as Postfix's cleanup does.</summary>
    private string QualifiedSender(SmtpPath sender) =>
        sender.IsNull || sender.Domain.Length > 0 ? sender.Address : (sender with { Domain = _services.Settings.MyOrigin }).Address;

    private byte[] ReceivedHeaderFor(string queueId)
    {
        var transaction = _transaction!;
        var single = transaction.AcceptedRecipients.Count == 1 ? transaction.AcceptedRecipients[0] : null;
        var authenticated = _services.Settings.Sasl.AuthenticatedHeader ? _saslUser : null;
        return ReceivedHeader.Build(_helo, "unknown", _clientAddress.ToString(), Hostname, _services.Settings.MailName,
            Protocol(transaction), queueId, single, _connection.TlsDescription, _services.Time.GetUtcNow(), authenticated);
    }

    private string Protocol(MailTransaction? transaction)
    {
        // RFC 3848 (and RFC 6531 for UTF8SMTP): S for TLS, A for an authenticated client.
        var name = transaction is { SmtpUtf8: true } ? "UTF8SMTP" : _extended ? "ESMTP" : "SMTP";
        return name + (_connection.IsTls ? "S" : "") + (_saslUser is not null ? "A" : "");
    }

    private async Task<SmtpReply?> StartTlsCommandAsync(string argument)
    {
        if (_services.Certificate is null)
        {
            return new SmtpReply(502, "5.5.1", "Error: command not implemented");
        }
        if (_connection.IsTls)
        {
            return new SmtpReply(554, "5.5.1", "Error: TLS already active");
        }
        if (argument.Length > 0)
        {
            return SmtpReply.Syntax("STARTTLS");
        }
        _statistics.Count("starttls", true);
        _connection.Write(SmtpReply.ReadyToStartTls);
        if (!await StartTlsAsync())
        {
            _closing = true;
            return null;
        }
        await ResetTransactionAsync();
        _helo = "";
        _extended = false;
        _saslUser = _saslMethod = null; // RFC 3207 4.2: forget what was said before TLS
        _state = SmtpState.Connected;
        return null;
    }

    private async Task<bool> StartTlsAsync()
    {
        if (_services.Certificate is null)
        {
            return false;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abort);
        timeout.CancelAfter(_services.Settings.Deadlines.StartTlsTimeout);
        try
        {
            await _connection.StartTlsAsync(_services.Certificate, timeout.Token);
            Log.LogInformation("TLS connection established from {Client}: {Tls}", _clientLabel, _connection.TlsDescription);
            return true;
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException or OperationCanceledException && !_abort.IsCancellationRequested)
        {
            Log.LogInformation("TLS handshake failed from {Client}: {Problem}", _clientLabel, exception.Message);
            _closing = true;
            return false;
        }
    }

    private async Task ResetTransactionAsync()
    {
        _transaction = null;
        _recipientOvershoot = 0;
        if (_chunks is not null)
        {
            await _chunks.DisposeAsync();
            _chunks = null;
        }
        if (_state != SmtpState.Connected)
        {
            _state = SmtpState.Greeted;
        }
    }

    /// <summary>Sends queued replies, waiting at most <c>smtpd_timeout</c> for a client that does not read them.</summary>
    private async Task FlushAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abort);
        timeout.CancelAfter(_services.Settings.SmtpdTimeout);
        await _connection.FlushAsync(timeout.Token);
    }

    /// <summary>
    /// Queues a reply. Error replies count towards <c>smtpd_hard_error_limit</c> (then 421 and close) and,
    /// past <c>smtpd_soft_error_limit</c>, are delayed by <c>smtpd_error_sleep_time</c> to slow down probers.
    /// </summary>
    private async Task ReplyAsync(SmtpReply reply, bool countsAsError = true)
    {
        if (reply.IsPositive || _closing || !countsAsError)
        {
            _connection.Write(reply);
            return;
        }
        _errors++;
        if (_errors > _services.Settings.SmtpdSoftErrorLimit && _errors < _services.Settings.SmtpdHardErrorLimit)
        {
            await FlushAsync();
            await Task.Delay(_services.Settings.SmtpdErrorSleepTime, _services.Time, _abort);
        }
        _connection.Write(reply);
        if (_errors >= _services.Settings.SmtpdHardErrorLimit)
        {
            Log.LogInformation("too many errors after {Command} from {Client}", _lastCommand, _clientLabel);
            _connection.Write(SmtpReply.TooManyErrors(Hostname));
            _closing = true;
        }
    }
}
