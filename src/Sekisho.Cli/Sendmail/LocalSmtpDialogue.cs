using Sekisho.Config;
using Sekisho.Protocol.Smtp;
using Sekisho.Queue.Pickup;

namespace Sekisho.Cli.Sendmail;

/// <summary>
/// <c>sendmail -bs</c>: an SMTP dialogue on standard input and output whose messages go to the maildrop folder, as
/// Postfix's stand-alone mode. The client is the local user, already allowed by <c>authorized_submit_users</c>: any
/// sender and any recipient are accepted (no relay or other access control), and there is no TLS, AUTH or BDAT.
/// </summary>
internal sealed class LocalSmtpDialogue
{
    private static readonly SmtpReply NotImplemented = new(502, "5.5.1", "Error: command not implemented");
    private readonly SekishoSettings _settings;
    private readonly LocalSubmitter _submitter;

    private SmtpState _state = SmtpState.Connected;
    private string _helo = "";
    private bool _extended;
    private LocalSmtpTransaction? _transaction;
    private int _errors;
    private bool _closing;

    /// <param name="settings">The limits, the banner and <c>myorigin</c> for unqualified addresses.</param>
    /// <param name="submitter">Writes each message into the maildrop folder. The envelope sender is what MAIL FROM
    /// says, any address, as Postfix allows under <c>-bs</c>.</param>
    public LocalSmtpDialogue(SekishoSettings settings, LocalSubmitter submitter)
    {
        _settings = settings;
        _submitter = submitter;
    }

    private string Hostname => _settings.MyHostname;

    /// <summary>Runs the dialogue until QUIT, the end of the input or <c>smtpd_hard_error_limit</c> errors.</summary>
    /// <param name="input">Standard input: the client's commands and content.</param>
    /// <param name="output">Standard output: the replies.</param>
    /// <param name="cancellationToken">Abort.</param>
    public async Task RunAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        await using var channel = new LocalSmtpChannel(input, output);
        try
        {
            channel.Write(new SmtpReply(220, null, _settings.SmtpdBanner));
            while (!_closing)
            {
                await ReadAndHandleCommandAsync(channel, cancellationToken);
            }
        }
        catch (IOException)
        {
            // standard output closed under us: the client is gone
        }
    }

    private async Task ReadAndHandleCommandAsync(LocalSmtpChannel channel, CancellationToken cancellationToken)
    {
        var (status, line) = await channel.ReadLineAsync(_settings.LineLengthLimit, cancellationToken);
        switch (status)
        {
            case LocalSmtpLineStatus.Closed:
                _closing = true;
                return;
            case LocalSmtpLineStatus.TooLong:
                Reply(channel, SmtpReply.LineTooLong);
                return;
        }
        if (!SmtpCommandParser.TryParse(line, out var command, out var parseError))
        {
            Reply(channel, parseError!);
            return;
        }
        var reply = command.Verb is SmtpVerb.StartTls or SmtpVerb.Auth or SmtpVerb.Bdat or SmtpVerb.Etrn or SmtpVerb.Expn
            ? NotImplemented
            : SmtpStateTable.Check(_state, command.Verb) ?? await HandleAsync(channel, command, cancellationToken);
        if (reply is not null)
        {
            Reply(channel, reply);
        }
    }

    private async Task<SmtpReply?> HandleAsync(LocalSmtpChannel channel, SmtpCommand command, CancellationToken cancellationToken)
    {
        switch (command.Verb)
        {
            case SmtpVerb.Helo:
            case SmtpVerb.Ehlo:
                return Hello(command);
            case SmtpVerb.Mail:
                return Mail(command.Argument);
            case SmtpVerb.Rcpt:
                return Recipient(command.Argument);
            case SmtpVerb.Data:
                return command.Argument.Length > 0 ? SmtpReply.Syntax("DATA") : await DataAsync(channel, cancellationToken);
            case SmtpVerb.Rset:
                ResetTransaction();
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
            default:
                return NotImplemented;
        }
    }

    private SmtpReply Hello(SmtpCommand command)
    {
        var name = command.Verb == SmtpVerb.Ehlo ? "EHLO" : "HELO";
        if (command.Argument.Length == 0)
        {
            return SmtpReply.Syntax(name + " hostname");
        }
        ResetTransaction();
        _helo = command.Argument;
        _extended = command.Verb == SmtpVerb.Ehlo;
        _state = SmtpState.Greeted;
        if (!_extended)
        {
            return new SmtpReply(250, null, Hostname);
        }
        var limit = _settings.MessageSizeLimit;
        return new SmtpReply(250, null,
            Hostname, "PIPELINING", limit > 0 ? "SIZE " + limit : "SIZE", "VRFY", "ENHANCEDSTATUSCODES", "8BITMIME", "DSN");
    }

    private SmtpReply Mail(string argument)
    {
        if (!SmtpPathParser.TryParseMailFrom(argument, out var sender, out var parameters, out var error))
        {
            return error!;
        }
        if (!MailParameters.TryParse(parameters, _extended, _settings.MessageSizeLimit, out var mail, out error))
        {
            return error!;
        }
        if (sender.HasNonAscii && !mail.SmtpUtf8)
        {
            return SmtpReply.Utf8AddressWithoutSmtpUtf8(sender.Address);
        }
        _transaction = new LocalSmtpTransaction(Qualified(sender), mail);
        _state = SmtpState.MailGiven;
        return SmtpReply.SenderOk;
    }

    private SmtpReply Recipient(string argument)
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
        if (transaction.Recipients.Count >= _settings.SmtpdRecipientLimit)
        {
            return SmtpReply.TooManyRecipients;
        }
        if (recipient.HasNonAscii && !transaction.Parameters.SmtpUtf8)
        {
            return SmtpReply.Utf8AddressWithoutSmtpUtf8(recipient.Address);
        }
        transaction.Recipients.Add(new MaildropRecipient(Qualified(recipient), Sekisho.Server.Smtp.DsnMapping.ToQueue(dsn.Notify)));
        _state = SmtpState.RecipientGiven;
        return SmtpReply.RecipientOk;
    }

    private async Task<SmtpReply?> DataAsync(LocalSmtpChannel channel, CancellationToken cancellationToken)
    {
        var transaction = _transaction!;
        var request = new SubmissionRequest
        {
            Sender = transaction.Sender,
            Recipients = transaction.Recipients,
            DotEndsInput = false,
            Return = Sekisho.Server.Smtp.DsnMapping.ToQueue(transaction.Parameters.Return),
            EnvelopeId = transaction.Parameters.EnvelopeId,
            Protocol = _extended ? "ESMTP" : "SMTP",
            Helo = _helo,
            BodyType = transaction.Parameters.BodyType,
        };
        channel.Write(SmtpReply.StartMailInput);
        var result = await LocalSmtpContent.ReceiveAsync(channel, _submitter, request, cancellationToken);
        ResetTransaction();
        if (result is null)
        {
            _closing = true; // the input ended inside the content: nothing was submitted, and no one is left to tell
            return null;
        }
        return result.Outcome switch
        {
            SubmissionOutcome.Submitted => SmtpReply.Queued(result.Name),
            SubmissionOutcome.TooBig => SmtpReply.MessageTooBig,
            SubmissionOutcome.QueueUnwritable => SmtpReply.QueueWriteError,
            _ => new SmtpReply(554, "5.5.0", "Error: " + result.Detail),
        };
    }

    /// <summary>The address as the maildrop file takes it: one without a domain (<c>&lt;root&gt;</c>) gets <c>@$myorigin</c>.</summary>
    private string Qualified(SmtpPath path) =>
        path.IsNull || path.Domain.Length > 0 ? path.Address : (path with { Domain = _settings.MyOrigin }).Address;

    private void ResetTransaction()
    {
        _transaction = null;
        if (_state != SmtpState.Connected)
        {
            _state = SmtpState.Greeted;
        }
    }

    /// <summary>
    /// Queues a reply. Errors count towards <c>smtpd_hard_error_limit</c>, after which <c>421</c> ends the dialogue;
    /// a recipient over <c>smtpd_recipient_limit</c> does not (RFC 5321 4.5.3.1.10: the client goes on with the others).
    /// </summary>
    private void Reply(LocalSmtpChannel channel, SmtpReply reply)
    {
        channel.Write(reply);
        if (reply.IsPositive || _closing || ReferenceEquals(reply, SmtpReply.TooManyRecipients))
        {
            return;
        }
        if (++_errors >= _settings.SmtpdHardErrorLimit)
        {
            channel.Write(SmtpReply.TooManyErrors(Hostname));
            _closing = true;
        }
    }
}
