using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;

namespace Sekisho.Delivery.Smtp;

/// <summary>Recognises and words the failures that end an SMTP session: lost connections and timeouts.</summary>
public static class SmtpConnectionFailure
{
    /// <summary>Whether an exception is a failure of the connection itself: I/O, protocol, or a deadline of the watch (not shutdown).</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="watch">The conversation watch.</param>
    /// <param name="shutdown">Server shutdown.</param>
    public static bool Matches(Exception exception, SmtpConversationWatch watch, CancellationToken shutdown)
    {
        if (exception is OperationCanceledException)
        {
            watch.NoteCancellation(shutdown);
            return watch.TimedOut;
        }
        return exception is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException or ObjectDisposedException;
    }

    /// <summary>Postfix's text: <c>lost connection with X while sending RCPT TO</c> or <c>conversation with X timed out while ...</c>.</summary>
    /// <param name="endpoint">The server.</param>
    /// <param name="watch">The conversation watch.</param>
    public static SmtpProblem Describe(SmtpEndpoint endpoint, SmtpConversationWatch watch) =>
        SmtpProblem.Defer(watch.TimedOut
            ? $"conversation with {endpoint.Name} timed out while {watch.Activity}"
            : $"lost connection with {endpoint.Name} while {watch.Activity}", endpoint.Relay);
}
