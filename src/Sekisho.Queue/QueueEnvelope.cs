namespace Sekisho.Queue;

/// <summary>What the queue keeps about a message besides its content.</summary>
public sealed record QueueEnvelope
{
    /// <summary>The reverse-path, "" for the null sender.</summary>
    public required string Sender { get; init; }

    /// <summary>The recipients, in RCPT order.</summary>
    public required IReadOnlyList<QueueRecipient> Recipients { get; init; }

    /// <summary>When the message arrived.</summary>
    public required DateTimeOffset ArrivalTime { get; init; }

    /// <summary>The client's host name as known (<c>unknown</c> without reverse DNS).</summary>
    public string ClientName { get; init; } = "unknown";

    /// <summary>The client's IP address as text.</summary>
    public string ClientAddress { get; init; } = "";

    /// <summary>The HELO/EHLO argument.</summary>
    public string Helo { get; init; } = "";

    /// <summary>The protocol for Received: and logs, e.g. <c>ESMTP</c>, <c>ESMTPS</c>, <c>UTF8SMTPS</c>.</summary>
    public string Protocol { get; init; } = "SMTP";

    /// <summary>The BODY= value: <c>7BIT</c> or <c>8BITMIME</c>.</summary>
    public string BodyType { get; init; } = "7BIT";

    /// <summary>Whether the client asked for SMTPUTF8.</summary>
    public bool SmtpUtf8 { get; init; }

    /// <summary>The RFC 3461 RET parameter given at MAIL.</summary>
    public DsnReturn Return { get; init; }

    /// <summary>The RFC 3461 ENVID parameter given at MAIL, decoded from xtext; empty when none.</summary>
    public string EnvelopeId { get; init; } = "";

    /// <summary>
    /// True for a notice sent to the postmaster about an undeliverable bounce (a double bounce): its own failure is
    /// only logged, so notices can never loop.
    /// </summary>
    public bool IsPostmasterNotice { get; init; }
}
