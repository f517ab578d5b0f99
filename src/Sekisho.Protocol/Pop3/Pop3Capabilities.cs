using System.Globalization;

namespace Sekisho.Protocol.Pop3;

/// <summary>
/// What a session announces in answer to CAPA (RFC 2449 5-6, RFC 2595 4, RFC 5034 3, RFC 3206 6): a description of
/// the session's current situation, turned into the capability lines by <see cref="Lines"/>.
/// </summary>
/// <remarks>
/// Always: <c>TOP</c>, <c>UIDL</c>, <c>RESP-CODES</c>, <c>AUTH-RESP-CODE</c>, <c>PIPELINING</c>, <c>EXPIRE NEVER</c>
/// and <c>IMPLEMENTATION Sekisho</c>; <c>LOGIN-DELAY n</c> when configured. Only in the AUTHORIZATION state, where
/// they can be used: <c>USER</c> when plaintext logins are allowed now (the session decides, e.g. only under TLS),
/// <c>SASL</c> with the offered mechanisms when there are any, and <c>STLS</c> when TLS is available but not active.
/// </remarks>
public sealed record Pop3Capabilities
{
    /// <summary>The session's state: after login, the login capabilities are left out.</summary>
    public Pop3State State { get; init; } = Pop3State.Authorization;

    /// <summary>Whether USER/PASS would be accepted on this connection now (announces <c>USER</c>).</summary>
    public bool PlaintextLoginAllowed { get; init; }

    /// <summary>The SASL mechanisms offered now, e.g. from <c>SaslMechanismFactory.Offered</c>; empty for none.</summary>
    public IReadOnlyList<string> SaslMechanisms { get; init; } = [];

    /// <summary>Whether the server has a certificate for STLS.</summary>
    public bool TlsAvailable { get; init; }

    /// <summary>Whether this connection is already encrypted (STLS done, or implicit TLS on port 995).</summary>
    public bool TlsActive { get; init; }

    /// <summary>The minimum seconds between logins, announced as <c>LOGIN-DELAY</c>; null when not enforced.</summary>
    public int? LoginDelaySeconds { get; init; }

    /// <summary>The capability lines, without CRLF, in the order Sekisho announces them.</summary>
    public IReadOnlyList<string> Lines()
    {
        var lines = new List<string> { "TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "EXPIRE NEVER" };
        if (LoginDelaySeconds is { } delay)
        {
            lines.Add("LOGIN-DELAY " + delay.ToString(CultureInfo.InvariantCulture));
        }
        if (State == Pop3State.Authorization)
        {
            if (PlaintextLoginAllowed)
            {
                lines.Add("USER");
            }
            if (SaslMechanisms.Count > 0)
            {
                lines.Add("SASL " + string.Join(' ', SaslMechanisms.Select(m => m.ToUpperInvariant())));
            }
            if (TlsAvailable && !TlsActive)
            {
                lines.Add("STLS");
            }
        }
        lines.Add("IMPLEMENTATION Sekisho");
        return lines;
    }

    /// <summary>The whole CAPA response: <c>+OK Capability list follows</c>, the lines, and <c>.</c>.</summary>
    public string ToResponse() => Pop3MultiLine.Format(Pop3Reply.CapabilityListFollows, Lines());
}
