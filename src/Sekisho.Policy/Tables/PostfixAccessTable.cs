using System.Net;

namespace Sekisho.Policy.Tables;

/// <summary>
/// A Postfix access(5) key/value table: <c>texthash:</c>, <c>hash:</c>, <c>btree:</c>, <c>lmdb:</c>, <c>dbm:</c>
/// (read from the source text file) and <c>inline:</c>. Search orders are those of <see cref="LookupKeys"/>:
/// a client by host name and parent domains, then by address and parent networks; a HELO name and its parent
/// domains; an envelope address as <c>user@domain</c>, domain and parents, <c>user@</c>. The first key found
/// decides, even when its action is <c>DUNNO</c>.
/// </summary>
internal sealed class PostfixAccessTable : SnapshotAccessTable<KeyValueSnapshot>
{
    public PostfixAccessTable(string name, SnapshotSource<KeyValueSnapshot> source)
        : base(name, source)
    {
    }

    /// <summary>The entry under exactly <paramref name="key"/> (already normalized), for domain lists.</summary>
    public AccessMatch? FindKey(string key) => Current.FindFirst([key]);

    protected override AccessMatch? FindClient(KeyValueSnapshot snapshot, IPAddress address, string hostname) =>
        snapshot.FindFirst(LookupKeys.Domain(hostname).Concat(LookupKeys.Address(address)));

    protected override AccessMatch? FindHelo(KeyValueSnapshot snapshot, string helo) =>
        snapshot.FindFirst(LookupKeys.Domain(helo));

    protected override AccessMatch? FindSender(KeyValueSnapshot snapshot, string address) =>
        snapshot.FindFirst(LookupKeys.Mail(address));

    protected override AccessMatch? FindRecipient(KeyValueSnapshot snapshot, string address) =>
        snapshot.FindFirst(LookupKeys.Mail(address));
}
