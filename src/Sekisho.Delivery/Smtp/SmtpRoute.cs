namespace Sekisho.Delivery.Smtp;

/// <summary>Where mail for one recipient goes: the destinations to try in order, or why it cannot go anywhere.</summary>
public sealed record SmtpRoute
{
    private SmtpRoute(IReadOnlyList<NextHop> destinations, string source, SmtpProblem? problem)
    {
        Destinations = destinations;
        Source = source;
        Problem = problem;
    }

    /// <summary>The destinations, tried in order; empty when <see cref="Problem"/> is set.</summary>
    public IReadOnlyList<NextHop> Destinations { get; }

    /// <summary>What chose them, for logs: <c>transport_maps</c>, <c>sender_dependent_relayhost_maps</c>, <c>relayhost</c> or <c>recipient domain</c>.</summary>
    public string Source { get; }

    /// <summary>Set when the recipient cannot be routed (an <c>error:</c> entry, a bad next hop...).</summary>
    public SmtpProblem? Problem { get; }

    /// <summary>A key that is equal for routes that can share one SMTP session.</summary>
    public string Key => Problem is null ? string.Join(", ", Destinations) : "";

    /// <summary>Mail goes to these destinations.</summary>
    /// <param name="destinations">At least one destination.</param>
    /// <param name="source">What chose them.</param>
    public static SmtpRoute To(IReadOnlyList<NextHop> destinations, string source) => new(destinations, source, null);

    /// <summary>Mail cannot be routed.</summary>
    /// <param name="problem">Bounce or defer, with the reason.</param>
    /// <param name="source">What decided it.</param>
    public static SmtpRoute Failed(SmtpProblem problem, string source) => new([], source, problem);
}
