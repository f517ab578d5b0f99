namespace Sekisho.Policy;

/// <summary>The four outcomes of a restriction (Postfix: DUNNO, OK, REJECT, DEFER).</summary>
public enum VerdictKind
{
    /// <summary>No decision: go on to the next restriction.</summary>
    NoDecision,

    /// <summary>Accept.</summary>
    Permit,

    /// <summary>Refuse permanently (5xx).</summary>
    Reject,

    /// <summary>Refuse for now (4xx): try later.</summary>
    Defer,
}
