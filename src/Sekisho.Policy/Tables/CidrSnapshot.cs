using System.Net;
using System.Net.Sockets;

namespace Sekisho.Policy.Tables;

/// <summary>The parsed contents of a network table (cidr, xmail): entries in file order and one index per family.</summary>
internal sealed class CidrSnapshot : ITableSnapshot
{
    private readonly AccessMatch[] _entries;
    private readonly IpIntervalIndex _v4;
    private readonly IpIntervalIndex _v6;

    /// <summary>Builds the snapshot.</summary>
    /// <param name="entries">The entries in file order; an index's priority is a position in this list.</param>
    /// <param name="v4">The ranges of IPv4 entries.</param>
    /// <param name="v6">The ranges of IPv6 entries.</param>
    /// <param name="warnings">Warnings found while parsing.</param>
    public CidrSnapshot(IReadOnlyList<AccessMatch> entries, IReadOnlyCollection<IpRange> v4, IReadOnlyCollection<IpRange> v6, IReadOnlyList<string> warnings)
    {
        _entries = entries.ToArray();
        _v4 = IpIntervalIndex.Build(v4);
        _v6 = IpIntervalIndex.Build(v6);
        Warnings = warnings;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The number of entries.</summary>
    public int Count => _entries.Length;

    /// <summary>The first entry in file order whose network contains the address, or null.</summary>
    public AccessMatch? Find(IPAddress address)
    {
        var index = address.AddressFamily == AddressFamily.InterNetwork ? _v4 : _v6;
        var position = index.Find(IpValue.Of(address));
        return position < 0 ? null : _entries[position];
    }
}
