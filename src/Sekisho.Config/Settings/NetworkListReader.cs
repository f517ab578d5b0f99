using Sekisho.Config.Tables;

namespace Sekisho.Config;

/// <summary>Reads a CIDR network list such as <c>mynetworks</c>, with a precise message for each bad entry.</summary>
internal static class NetworkListReader
{
    /// <summary>The networks in the parameter.</summary>
    /// <exception cref="ConfigException">An entry that is not CIDR, or a lookup table (not supported yet).</exception>
    public static CidrList Read(SettingReader reader, string name)
    {
        var entries = reader.List(name);
        var networks = new List<string>(entries.Count);
        foreach (var entry in entries)
        {
            if (CidrBlock.TryParse(entry, out var block))
            {
                if (CidrBlock.HasHostBits(entry, block))
                {
                    reader.Warn(name, $"\"{entry}\" has host bits set, using {block}");
                }
                networks.Add(entry);
                continue;
            }
            if (entry.StartsWith('/') || IsTableReference(entry))
            {
                continue; // a file of networks or a lookup table: opened and checked by the server (NetworkListTable)
            }
            throw reader.Error(name, $"bad CIDR \"{entry}\"");
        }
        return CidrList.Parse(networks);
    }

    /// <summary>
    /// True for <c>type:name</c> such as <c>hash:/etc/postfix/network_table</c>: the type is a word with a
    /// letter that cannot start an IPv6 group, or a known all-hex type name such as <c>cdb</c>.
    /// </summary>
    private static bool IsTableReference(string entry)
    {
        var colon = entry.IndexOf(':');
        if (colon <= 0 || !MainCfParser.IsValidName(entry.AsSpan(0, colon)))
        {
            return false;
        }
        var type = entry[..colon];
        return type is "cdb" or "dbm" || type.Any(c => !char.IsAsciiHexDigit(c));
    }
}
