using System.Globalization;
using System.Text;
using MailKit;

namespace Sekisho.Delivery.Smtp;

/// <summary>
/// Follows a MailKit conversation through its protocol-logger hooks, without keeping any of it: it knows the
/// last command sent (for Postfix's "in reply to RCPT TO command") and restarts a deadline with the
/// <c>smtp_*_timeout</c> of each command, and with <c>smtp_data_xfer_timeout</c> on every piece of content sent.
/// </summary>
public sealed class SmtpConversationWatch : IProtocolLogger
{
    private readonly SmtpTimeouts _timeouts;
    private readonly CancellationTokenSource _deadline;
    private DataState _data;
    private long _bdatRemaining;
    private bool _endsWithLineBreak = true;

    /// <summary>Starts watching; the deadline first covers the greeting (<c>smtp_helo_timeout</c>).</summary>
    /// <param name="timeouts">The time limits.</param>
    /// <param name="cancellationToken">Server shutdown, which also ends the conversation.</param>
    public SmtpConversationWatch(SmtpTimeouts timeouts, CancellationToken cancellationToken)
    {
        _timeouts = timeouts;
        _deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Restart(timeouts.Helo, "receiving the initial server greeting");
    }

    private enum DataState
    {
        None,
        AwaitingGo,
        Content,
        Bdat,
        Done,
    }

    /// <summary>Cancelled when the current step takes longer than its time limit (or at shutdown).</summary>
    public CancellationToken Token => _deadline.Token;

    /// <summary>The last command sent, as Postfix names it: <c>RCPT TO</c>, <c>end of DATA</c>...; null before the first.</summary>
    public string? LastCommand { get; private set; }

    /// <summary>What the conversation was doing, for "timed out while ...": <c>sending RCPT TO</c>, <c>sending message body</c>.</summary>
    public string Activity { get; private set; } = "";

    /// <summary>True when the deadline (not shutdown) ended the conversation.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>Restarts the deadline, e.g. before a step MailKit does without logging (the TLS handshake).</summary>
    /// <param name="limit">The time limit.</param>
    /// <param name="activity">What is being done.</param>
    public void Restart(TimeSpan limit, string activity)
    {
        Activity = activity;
        if (!_deadline.IsCancellationRequested)
        {
            _deadline.CancelAfter(limit);
        }
    }

    /// <summary>Marks a deadline expiry as a timeout, when the token fired but shutdown did not ask for it.</summary>
    /// <param name="shutdown">Server shutdown.</param>
    public void NoteCancellation(CancellationToken shutdown) => TimedOut = _deadline.IsCancellationRequested && !shutdown.IsCancellationRequested;

    /// <inheritdoc/>
    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    /// <inheritdoc/>
    public void LogConnect(Uri uri)
    {
    }

    /// <inheritdoc/>
    public void LogClient(byte[] buffer, int offset, int count)
    {
        var bytes = buffer.AsSpan(offset, count);
        if (bytes.Length == 0)
        {
            return;
        }
        switch (_data)
        {
            case DataState.Content:
                NoteContent(bytes);
                return;
            case DataState.Bdat:
                _bdatRemaining -= bytes.Length;
                if (_bdatRemaining <= 0)
                {
                    _data = DataState.Done;
                    Restart(_timeouts.DataDone, "sending end of data -- message may be sent more than once");
                }
                else
                {
                    Restart(_timeouts.DataTransfer, "sending message body");
                }
                return;
        }
        while (bytes.Length > 0)
        {
            var end = bytes.IndexOf((byte)'\n');
            var line = end < 0 ? bytes : bytes[..(end + 1)];
            bytes = bytes[line.Length..];
            NoteCommand(Encoding.ASCII.GetString(line).TrimEnd('\r', '\n'));
            if (_data == DataState.Bdat)
            {
                LogClient(bytes.ToArray(), 0, bytes.Length);
                return;
            }
        }
    }

    /// <inheritdoc/>
    public void LogServer(byte[] buffer, int offset, int count)
    {
        if (_data == DataState.AwaitingGo && count >= 3)
        {
            if (buffer.AsSpan(offset, 3).SequenceEqual("354"u8))
            {
                _data = DataState.Content;
                _endsWithLineBreak = true;
                Restart(_timeouts.DataTransfer, "sending message body");
            }
            else
            {
                _data = DataState.None;
            }
        }
    }

    private void NoteCommand(string line)
    {
        var upper = line.ToUpperInvariant();
        (string Name, TimeSpan Limit)? command = upper switch
        {
            _ when upper.StartsWith("EHLO", StringComparison.Ordinal) => ("EHLO", _timeouts.Helo),
            _ when upper.StartsWith("HELO", StringComparison.Ordinal) => ("HELO", _timeouts.Helo),
            _ when upper.StartsWith("STARTTLS", StringComparison.Ordinal) => ("STARTTLS", _timeouts.StartTls),
            _ when upper.StartsWith("AUTH ", StringComparison.Ordinal) => ("AUTH", _timeouts.Helo),
            _ when upper.StartsWith("MAIL FROM:", StringComparison.Ordinal) => ("MAIL FROM", _timeouts.Mail),
            _ when upper.StartsWith("RCPT TO:", StringComparison.Ordinal) => ("RCPT TO", _timeouts.Rcpt),
            "DATA" => ("DATA", _timeouts.DataInit),
            _ when upper.StartsWith("BDAT ", StringComparison.Ordinal) => ("BDAT", _timeouts.DataTransfer),
            "RSET" => ("RSET", _timeouts.Rcpt),
            "NOOP" => ("NOOP", _timeouts.Helo),
            "QUIT" => ("QUIT", _timeouts.Quit),
            _ => null,
        };
        if (command is not { } known || LastCommand == "AUTH" && _data == DataState.None && known.Name is not ("EHLO" or "MAIL FROM" or "QUIT" or "RSET"))
        {
            return; // an AUTH continuation line, never a command
        }
        LastCommand = known.Name;
        Restart(known.Limit, "sending " + known.Name);
        if (known.Name == "DATA")
        {
            _data = DataState.AwaitingGo;
        }
        else if (known.Name == "BDAT")
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            _bdatRemaining = parts.Length > 1 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : 0;
            _data = _bdatRemaining > 0 ? DataState.Bdat : DataState.Done;
            if (_data == DataState.Done)
            {
                Restart(_timeouts.DataDone, "sending end of data -- message may be sent more than once");
            }
        }
    }

    private void NoteContent(ReadOnlySpan<byte> bytes)
    {
        // The end of data is ".\r\n" right after a line break; inside the content such a line is dot-stuffed.
        var endsData = bytes.EndsWith("\r\n.\r\n"u8) || (_endsWithLineBreak && bytes.SequenceEqual(".\r\n"u8));
        _endsWithLineBreak = bytes.EndsWith("\n"u8);
        if (endsData)
        {
            _data = DataState.Done;
            LastCommand = "end of DATA";
            Restart(_timeouts.DataDone, "sending end of data -- message may be sent more than once");
        }
        else
        {
            Restart(_timeouts.DataTransfer, "sending message body");
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _deadline.Dispose();
}
