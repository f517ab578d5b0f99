namespace Sekisho.Delivery.Smtp;

/// <summary>Why mail for some recipients could not be sent: permanently (bounce, 5xx) or for now (defer, 4xx).</summary>
/// <param name="Permanent">True to bounce, false to try again later.</param>
/// <param name="Detail">The log text, e.g. <c>Host or domain name not found. Name service error for name=x type=MX: Host not found</c>.</param>
/// <param name="Relay">Where it happened: <c>none</c> before a connection, else <c>mx.example.com[192.0.2.1]:25</c>.</param>
public sealed record SmtpProblem(bool Permanent, string Detail, string Relay = "none")
{
    /// <summary>A permanent failure.</summary>
    public static SmtpProblem Bounce(string detail, string relay = "none") => new(true, detail, relay);

    /// <summary>A temporary failure.</summary>
    public static SmtpProblem Defer(string detail, string relay = "none") => new(false, detail, relay);
}
