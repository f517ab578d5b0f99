using System.Net;

namespace Sekisho.Policy;

/// <summary>
/// The destinations this server delivers locally: the <c>mydestination</c> domain list (see <see cref="DomainList"/>:
/// case-insensitive, trailing dot ignored, U-labels and A-labels alike) and the address literals of our own listening addresses (<c>user@[192.0.2.1]</c>
/// is local only when 192.0.2.1 is ours, as in Postfix).
/// </summary>
public sealed class LocalDomains
{
    private readonly DomainList _domains;
    private readonly HashSet<IPAddress> _ownAddresses;

    /// <summary>Creates the set.</summary>
    /// <param name="domains">The <c>mydestination</c> list.</param>
    /// <param name="ownAddresses">The addresses this server listens on.</param>
    public LocalDomains(DomainList domains, IEnumerable<IPAddress>? ownAddresses = null)
    {
        _domains = domains;
        _ownAddresses = new HashSet<IPAddress>(ownAddresses ?? []);
    }

    /// <summary>True when <paramref name="domain"/> is delivered here. The empty domain (RCPT TO:&lt;postmaster&gt;) is local.</summary>
    /// <param name="domain">The domain of an address, or an address literal with its brackets.</param>
    public bool Contains(string domain)
    {
        if (domain.Length == 0)
        {
            return true;
        }
        if (domain.StartsWith('[') && domain.EndsWith(']'))
        {
            var literal = domain[1..^1];
            if (literal.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
            {
                literal = literal[5..];
            }
            return IPAddress.TryParse(literal, out var address) && _ownAddresses.Contains(address);
        }
        return _domains.Contains(domain);
    }
}
