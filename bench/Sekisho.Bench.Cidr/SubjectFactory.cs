using Sekisho.Policy.Tables;

namespace Sekisho.Bench.Cidr;

/// <summary>
/// Writes the entries as the files an admin would write, and opens them with the server's own code:
/// a <c>cidr:</c> table for <c>check_client_access</c> (one <c>network/prefix OK</c> or <c>REJECT</c> per line, every third
/// line REJECT), a <c>mynetworks = /file</c> list (one network per line), and <c>mynetworks = net, net, ...</c> written
/// in main.cf, which the server indexes with the same <see cref="NetworkListTable"/>.
/// </summary>
internal static class SubjectFactory
{
    /// <summary>Writes the files and opens the three subjects.</summary>
    /// <param name="entries">The entries, in file order.</param>
    /// <param name="directory">Where to write the files.</param>
    /// <param name="lookups">How many decisions to time for indexed subjects.</param>
    public static DecisionSubject[] Open(IReadOnlyList<CidrEntry> entries, string directory, long lookups)
    {
        var cidrPath = Path.Combine(directory, "clients.cidr");
        File.WriteAllLines(cidrPath, entries.Select((entry, i) => $"{entry.CidrText}\t{(i % 3 == 0 ? "REJECT" : "OK")}"));
        var listPath = Path.Combine(directory, "mynetworks");
        File.WriteAllLines(listPath, entries.Select(entry => entry.ListText));

        var tableLoad = LoadTime.Of(() => AccessTableFactory.Open("cidr:" + cidrPath, directory), out var table);
        var listLoad = LoadTime.Of(() => NetworkListTable.Parse([listPath], directory), out var list);
        var inlineLoad = LoadTime.Of(() => NetworkListTable.Parse(entries.Select(entry => entry.ListText), directory), out var inline);
        return
        [
            new("check_client_access cidr:FILE", address => table.FindClient(address, "unknown")?.Source,
                position => position < 0 ? null : $"{cidrPath}:{position + 1}", lookups, tableLoad),
            new("mynetworks = /FILE", address => list.Contains(address, "unknown", out var source) ? source : null,
                position => position < 0 ? null : $"{listPath}:{position + 1} {entries[position].ListText}", lookups, listLoad),
            new("mynetworks = NET, ...", address => inline.Contains(address, "unknown", out var source) ? source : null,
                position => position < 0 ? null : entries[position].ListText, lookups, inlineLoad),
        ];
    }
}
