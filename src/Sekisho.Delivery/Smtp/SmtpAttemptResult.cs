using Sekisho.Queue;

namespace Sekisho.Delivery.Smtp;

/// <summary>What one SMTP session to one server did for the recipients it was given.</summary>
/// <param name="Replies">Results from the server's replies, by recipient index: sent, bounced (5xx) or deferred (4xx).</param>
/// <param name="Problem">Set when the session failed for every recipient without a reply result (connect, TLS, timeout, MAIL FROM...).</param>
/// <param name="HandshakeCompleted">True when the session got past EHLO and TLS (counts toward <c>smtp_mx_session_limit</c>).</param>
public sealed record SmtpAttemptResult(IReadOnlyDictionary<int, RecipientResult> Replies, SmtpProblem? Problem, bool HandshakeCompleted)
{
    /// <summary>A session that failed before any recipient was tried.</summary>
    /// <param name="problem">Why.</param>
    /// <param name="handshakeCompleted">Whether EHLO and TLS were done.</param>
    public static SmtpAttemptResult Failed(SmtpProblem problem, bool handshakeCompleted = false) =>
        new(new Dictionary<int, RecipientResult>(), problem, handshakeCompleted);
}
