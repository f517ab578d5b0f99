using System.Net;

namespace Sekisho.Policy.Tables;

/// <summary>
/// A table of networks: <c>cidr:</c> (Postfix cidr_table) and <c>xmail:</c> (XMail smtprelay.tab). A client is looked
/// up by address only, first matching line in file order, in O(log n) whatever the table's size. A HELO address
/// literal (<c>[192.0.2.1]</c>, <c>[IPv6:2001:db8::1]</c>) or bare address is looked up in cidr tables too, as Postfix
/// does; host names and envelope addresses never match.
/// </summary>
internal sealed class NetworkAccessTable : SnapshotAccessTable<CidrSnapshot>
{
    private readonly bool _matchesHeloAddresses;

    public NetworkAccessTable(string name, SnapshotSource<CidrSnapshot> source, bool matchesHeloAddresses)
        : base(name, source)
    {
        _matchesHeloAddresses = matchesHeloAddresses;
    }

    protected override AccessMatch? FindClient(CidrSnapshot snapshot, IPAddress address, string hostname) => snapshot.Find(address);

    protected override AccessMatch? FindHelo(CidrSnapshot snapshot, string helo) =>
        _matchesHeloAddresses && IpValue.TryParseAddress(helo, out var address)
            ? snapshot.Find(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)
            : null;

    protected override AccessMatch? FindSender(CidrSnapshot snapshot, string address) => null;

    protected override AccessMatch? FindRecipient(CidrSnapshot snapshot, string address) => null;
}
