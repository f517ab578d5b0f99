using Sekisho.Protocol.Sasl;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Fuzz.Targets;

/// <summary>
/// <c>smtp-command</c>: one SMTP command line (without CRLF) through <see cref="SmtpCommandParser"/>, then, as the
/// session does, its argument through the parser of its verb: MAIL and RCPT paths and parameters, the AUTH initial
/// response, the HELO/EHLO domain.
/// </summary>
internal sealed class SmtpCommandTarget : IFuzzTarget
{
    /// <inheritdoc/>
    public string Name => "smtp-command";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length > FuzzInput.MaxLength)
        {
            return;
        }
        var ok = SmtpCommandParser.TryParse(data, out var command, out var error);
        FuzzInvariantException.Check(ok == (error is null), $"TryParse returned {ok} with error {error}");
        if (!ok)
        {
            return;
        }
        FuzzInvariantException.Check(command.Verb != SmtpVerb.Unknown, "parsed an unknown verb");
        var argument = command.Argument;
        FuzzInvariantException.Check(argument.Trim(' ', '\t').Length == argument.Length, $"argument not trimmed: \"{argument}\"");
        // The line is refused for ASCII controls (C0 but TAB, and DEL); C1 controls are UTF-8 text here, refused by the argument parsers.
        FuzzInvariantException.Check(!argument.Any(c => c is (< ' ' and not '\t') or '\x7F'), "argument with an ASCII control character");
        switch (command.Verb)
        {
            case SmtpVerb.Mail:
                SmtpPathTarget.CheckMail(argument);
                break;
            case SmtpVerb.Rcpt:
                SmtpPathTarget.CheckRcpt(argument);
                break;
            case SmtpVerb.Auth:
                var space = argument.IndexOf(' ');
                var initial = space < 0 ? "" : argument[(space + 1)..].Trim();
                var status = SaslWire.DecodeInitialResponse(initial, out var response);
                FuzzInvariantException.Check(status != SaslResponseStatus.Data || initial.Length == 0 || response is not null,
                    "decoded initial response is null");
                break;
            case SmtpVerb.Helo:
            case SmtpVerb.Ehlo:
                _ = DomainName.ToUnicode(argument);
                _ = SmtpPathParser.IsValidDomain(argument);
                break;
        }
    }
}
