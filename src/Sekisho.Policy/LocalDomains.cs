namespace Sekisho.Policy;

/// <summary>The domains this server delivers locally (<c>mydestination</c>), matched case-insensitively, trailing dot ignored.</summary>
public sealed class LocalDomains
{
    private readonly HashSet<string> _domains;

    /// <summary>Creates the set.</summary>
    /// <param name="domains">The <c>mydestination</c> domains.</param>
    public LocalDomains(IEnumerable<string> domains) =>
        _domains = new HashSet<string>(domains.Select(Normalize), StringComparer.Ordinal);

    /// <summary>True when <paramref name="domain"/> is delivered here. The empty domain (RCPT TO:&lt;postmaster&gt;) is local.</summary>
    /// <param name="domain">The domain of an address.</param>
    public bool Contains(string domain) => domain.Length == 0 || _domains.Contains(Normalize(domain));

    private static string Normalize(string domain) => domain.TrimEnd('.').ToLowerInvariant();
}
