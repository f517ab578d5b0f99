namespace Sekisho.Config.Tables;

/// <summary>A list of CIDR networks, such as <c>mynetworks</c>; an address matches when any block contains it.</summary>
public sealed class CidrList
{
    private CidrList(IReadOnlyList<CidrBlock> blocks)
    {
        Blocks = blocks;
    }

    /// <summary>An empty list that contains no address.</summary>
    public static CidrList Empty { get; } = new([]);

    /// <summary>The networks, in the order given.</summary>
    public IReadOnlyList<CidrBlock> Blocks { get; }

    /// <summary>Parses entries such as <c>192.168.0.0/23</c> or <c>[::1]/128</c>; blank entries are skipped.</summary>
    /// <exception cref="FormatException">An entry is not CIDR; the message is <c>bad CIDR "ENTRY"</c>.</exception>
    public static CidrList Parse(IEnumerable<string> entries)
    {
        var blocks = new List<CidrBlock>();
        foreach (var entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry))
            {
                continue;
            }
            if (!CidrBlock.TryParse(entry, out var block))
            {
                throw new FormatException($"bad CIDR \"{entry.Trim()}\"");
            }
            blocks.Add(block);
        }
        return new CidrList(blocks);
    }

    /// <summary>True when any block contains the address (IPv4-mapped IPv6 addresses match IPv4 blocks).</summary>
    public bool Contains(System.Net.IPAddress address)
    {
        foreach (var block in Blocks)
        {
            if (block.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The blocks separated by spaces.</summary>
    public override string ToString() => string.Join(' ', Blocks);
}
