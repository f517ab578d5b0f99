namespace Sekisho.Delivery.Smtp;

/// <summary>The addresses to try for a destination, best first, or why there are none.</summary>
public sealed record HostResolution
{
    private HostResolution(IReadOnlyList<SmtpEndpoint> endpoints, SmtpProblem? problem)
    {
        Endpoints = endpoints;
        Problem = problem;
    }

    /// <summary>The addresses in the order to try them; empty when <see cref="Problem"/> is set.</summary>
    public IReadOnlyList<SmtpEndpoint> Endpoints { get; }

    /// <summary>Set when there is nothing to connect to: bounce (no such domain, null MX) or defer (DNS failure).</summary>
    public SmtpProblem? Problem { get; }

    /// <summary>Addresses found.</summary>
    /// <param name="endpoints">At least one.</param>
    public static HostResolution Found(IReadOnlyList<SmtpEndpoint> endpoints) => new(endpoints, null);

    /// <summary>Nothing to connect to.</summary>
    /// <param name="problem">Bounce or defer.</param>
    public static HostResolution Failed(SmtpProblem problem) => new([], problem);
}
