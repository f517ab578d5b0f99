namespace Sekisho.Queue;

/// <summary>The outcome of delivering to one recipient: sent, deferred (try later) or bounced (never).</summary>
/// <param name="Status">Sent, Bounced, or Pending for deferred.</param>
/// <param name="Relay">Where it went, for the log: <c>local</c>, <c>mx.example.com[192.0.2.1]:25</c>, <c>none</c>.</param>
/// <param name="Detail">The text in parentheses of the log line, e.g. <c>delivered to maildir</c>.</param>
public sealed record RecipientResult(RecipientStatus Status, string Relay, string Detail)
{
    /// <summary>
    /// True when the next hop accepted the recipient with the RFC 3461 parameters passed on (it offered DSN), so it
    /// reports success itself and no success notice is sent from here.
    /// </summary>
    public bool DsnPassedOn { get; init; }

    /// <summary>Delivered.</summary>
    public static RecipientResult Sent(string relay, string detail) => new(RecipientStatus.Sent, relay, detail);

    /// <summary>Try again later.</summary>
    public static RecipientResult Deferred(string relay, string detail) => new(RecipientStatus.Pending, relay, detail);

    /// <summary>Permanent failure.</summary>
    public static RecipientResult Bounced(string relay, string detail) => new(RecipientStatus.Bounced, relay, detail);
}
