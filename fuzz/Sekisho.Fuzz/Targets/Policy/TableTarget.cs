using System.Net;
using Sekisho.Policy.Tables;

namespace Sekisho.Fuzz.Targets;

/// <summary>
/// <c>cidr</c>, <c>sendmail-access</c>, <c>smtprelay-tab</c>, <c>postfix-access</c>: a table file opened through
/// <see cref="AccessTableFactory"/> with its type, then looked up as a restriction would (clients by address and
/// name, HELO names, senders, recipients). <see cref="TableException"/> is the documented refusal.
/// </summary>
internal sealed class TableTarget : IFuzzTarget
{
    private static readonly IPAddress[] Clients =
    [
        IPAddress.Parse("127.0.0.1"), IPAddress.Parse("192.168.1.5"), IPAddress.Parse("10.1.2.3"), IPAddress.Parse("0.0.0.0"),
        IPAddress.Parse("255.255.255.255"), IPAddress.Parse("::1"), IPAddress.Parse("2001:db8::1"), IPAddress.Parse("::"),
        IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), IPAddress.Parse("fe80::1"),
    ];

    private readonly string _type;

    /// <summary>Creates the target.</summary>
    /// <param name="name">The target name.</param>
    /// <param name="type">The table type, e.g. <c>cidr</c>.</param>
    public TableTarget(string name, string type)
    {
        Name = name;
        _type = type;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length > FuzzInput.MaxLength)
        {
            return;
        }
        var path = FuzzScratch.WriteInMemory(Name + ".table", data);
        IAccessTable table;
        try
        {
            table = AccessTableFactory.Open(_type + ":" + path, Path.GetDirectoryName(path)!);
        }
        catch (TableException)
        {
            return;
        }
        foreach (var client in Clients)
        {
            _ = table.FindClient(client, "mail.example.com");
            _ = table.FindClient(client, "unknown");
        }
        _ = table.FindHelo("mail.example.com");
        _ = table.FindHelo("[192.168.1.5]");
        _ = table.FindSender("alice@example.com");
        _ = table.FindSender("");
        _ = table.FindRecipient("bob@sub.example.org");
        _ = table.FindRecipient("postmaster");
        _ = ((ITableDiagnostics)table).Warnings;
    }
}
