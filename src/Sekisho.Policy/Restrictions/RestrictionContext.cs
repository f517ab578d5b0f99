using Sekisho.Protocol.Smtp;

namespace Sekisho.Policy.Restrictions;

/// <summary>What the restrictions see at the moment of a decision (with <c>smtpd_delay_reject = yes</c>: at RCPT).</summary>
public sealed record RestrictionContext
{
    /// <summary>The client: address, verified name, HELO.</summary>
    public required ClientContext Client { get; init; }

    /// <summary>The SASL login name when the client authenticated, else null.</summary>
    public string? SaslUser { get; init; }

    /// <summary>The MAIL FROM path, or null before MAIL.</summary>
    public SmtpPath? Sender { get; init; }

    /// <summary>The RCPT TO path being decided, or null.</summary>
    public SmtpPath? Recipient { get; init; }

    /// <summary>True when the client sent commands ahead of replies without having seen PIPELINING (<c>reject_unauth_pipelining</c>).</summary>
    public bool ImproperPipelining { get; init; }
}
