using System.Net;

namespace Sekisho.Bench.Cidr;

/// <summary>One way the server decides on a client address, opened from the generated entries.</summary>
/// <param name="Name">How the configuration names it, e.g. <c>check_client_access cidr:FILE</c>.</param>
/// <param name="Decide">The decision: where the matching entry is (as the server's trace shows it), or null.</param>
/// <param name="Expected">What <paramref name="Decide"/> must return when the first matching entry is at a position
/// (0-based, in file order; -1 for none).</param>
/// <param name="Lookups">How many decisions to time per probe set.</param>
/// <param name="Load">How long opening it took.</param>
internal sealed record DecisionSubject(string Name, Func<IPAddress, string?> Decide, Func<int, string?> Expected, long Lookups, LoadTime Load);
