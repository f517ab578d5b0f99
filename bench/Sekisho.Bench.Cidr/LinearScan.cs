using System.Net;

namespace Sekisho.Bench.Cidr;

/// <summary>
/// The reference: the first entry in file order that contains the address, found by looking at every entry.
/// This is Postfix's first-match rule written in the most obvious way (and allocation-free, so the comparison is fair).
/// </summary>
internal sealed class LinearScan
{
    private readonly CidrEntry[] _entries;

    /// <summary>Creates the scan.</summary>
    /// <param name="entries">The entries in file order.</param>
    public LinearScan(IReadOnlyList<CidrEntry> entries)
    {
        _entries = entries.ToArray();
    }

    /// <summary>The position (0-based, in file order) of the first entry containing the address, or -1.</summary>
    public int FirstMatch(IPAddress address)
    {
        var v6 = AddressNumber.IsV6(address);
        var value = AddressNumber.Of(address);
        for (var i = 0; i < _entries.Length; i++)
        {
            if (_entries[i].Contains(v6, value))
            {
                return i;
            }
        }
        return -1;
    }
}
