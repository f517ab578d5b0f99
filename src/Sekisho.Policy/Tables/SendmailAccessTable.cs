using System.Net;

namespace Sekisho.Policy.Tables;

/// <summary>
/// A Sendmail access database (<c>sendmail:/etc/mail/access</c>), read from its source text. Clients are looked up with
/// <c>Connect:</c>, senders with <c>From:</c>, recipients with <c>To:</c>; untagged keys apply to all three, tried
/// right after the tagged key of the same name (see <see cref="SendmailKeys"/>). Sendmail does not look HELO names up
/// in the access database, so <see cref="IAccessTable.FindHelo"/> never matches.
/// </summary>
internal sealed class SendmailAccessTable : SnapshotAccessTable<KeyValueSnapshot>
{
    public SendmailAccessTable(string name, SnapshotSource<KeyValueSnapshot> source)
        : base(name, source)
    {
    }

    protected override AccessMatch? FindClient(KeyValueSnapshot snapshot, IPAddress address, string hostname) =>
        snapshot.FindFirst(SendmailKeys.Client(address, hostname));

    protected override AccessMatch? FindHelo(KeyValueSnapshot snapshot, string helo) => null;

    protected override AccessMatch? FindSender(KeyValueSnapshot snapshot, string address) =>
        snapshot.FindFirst(SendmailKeys.Mail("from", address));

    protected override AccessMatch? FindRecipient(KeyValueSnapshot snapshot, string address) =>
        snapshot.FindFirst(SendmailKeys.Mail("to", address));
}
