using Sekisho.Policy.Restrictions;

namespace Sekisho.Bench.Micro;

/// <summary>One RCPT to decide.</summary>
/// <param name="Scenario">What kind of decision it is (never <see cref="RcptScenario.Mix"/>).</param>
/// <param name="Argument">The RCPT argument as the client sends it, e.g. <c>TO:&lt;bob@example.net&gt;</c>.</param>
/// <param name="Context">What the restrictions see: client, HELO, sender, and the parsed recipient.</param>
internal sealed record RcptProbe(RcptScenario Scenario, string Argument, RestrictionContext Context);
