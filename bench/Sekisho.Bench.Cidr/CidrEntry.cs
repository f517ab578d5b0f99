namespace Sekisho.Bench.Cidr;

/// <summary>One generated network, as numbers (for the linear scan) and as text (for the files).</summary>
/// <param name="IsV6">Whether it is an IPv6 network.</param>
/// <param name="Start">The first address of the network.</param>
/// <param name="End">The last address of the network.</param>
/// <param name="CidrText">As written in a <c>cidr:</c> table: <c>192.0.2.0/24</c>, <c>2001:db8::/48</c>.</param>
/// <param name="ListText">As written in a <c>mynetworks</c> list: <c>192.0.2.0/24</c>, <c>[2001:db8::]/48</c>.</param>
internal readonly record struct CidrEntry(bool IsV6, UInt128 Start, UInt128 End, string CidrText, string ListText)
{
    /// <summary>Whether the network contains the address.</summary>
    public bool Contains(bool v6, UInt128 value) => IsV6 == v6 && value >= Start && value <= End;
}
