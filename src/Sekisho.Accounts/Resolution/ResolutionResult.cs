namespace Sekisho.Accounts.Resolution;

/// <summary>What a local recipient resolves to.</summary>
/// <param name="Found">
/// Whether the recipient exists. <see langword="false"/> means "user unknown": reject the recipient
/// (550 5.1.1) and say <paramref name="Problem"/> in the log.
/// </param>
/// <param name="Targets">Where to deliver, without duplicates; empty when not <paramref name="Found"/>.</param>
/// <param name="Problem">
/// When not found, why (<c>unknown user</c>, <c>alias loop: a -&gt; b -&gt; a</c>, ...). When found, an
/// optional note for the log about alias members that were dropped (e.g. an unknown user in a list).
/// </param>
public sealed record ResolutionResult(bool Found, IReadOnlyList<DeliveryTarget> Targets, string? Problem)
{
    /// <summary>The result for a recipient that does not exist.</summary>
    /// <param name="problem">Why.</param>
    /// <returns>A not-found result.</returns>
    public static ResolutionResult NotFound(string problem) => new(false, [], problem);
}
