using System.Net.Sockets;
using Sekisho.Config.Tables;

namespace Sekisho.Policy.Tables;

/// <summary>
/// Parses a Postfix cidr_table(5) file: <c>network/prefix result</c> or <c>address result</c> per logical line, IPv4 or
/// IPv6 (<c>2001:db8::/32</c> or <c>[2001:db8::]/32</c>), <c>!pattern result</c> for "every address not in pattern",
/// <c>#</c> comments and continuation lines. The first matching line wins. A network with host bits set
/// (<c>192.168.1.1/24</c>) is an error: Postfix skips such a line with a warning, and the intent is unclear.
/// <c>if</c>/<c>endif</c> blocks are not supported yet.
/// </summary>
internal static class CidrTableParser
{
    /// <summary>Loads the file.</summary>
    /// <exception cref="TableException">The file cannot be read or a line is not valid (<c>PATH:LINE: ...</c>).</exception>
    public static CidrSnapshot Load(string path, TableValueMode mode)
    {
        var entries = new List<AccessMatch>();
        var v4 = new List<IpRange>();
        var v6 = new List<IpRange>();
        foreach (var line in TableFileReader.Read(path, continuationLines: true))
        {
            var split = line.Text.IndexOfAny([' ', '\t']);
            var pattern = split < 0 ? line.Text : line.Text[..split];
            if (pattern.Equals("if", StringComparison.OrdinalIgnoreCase) || pattern.Equals("endif", StringComparison.OrdinalIgnoreCase))
            {
                throw new TableException(path, line.Number, "if/endif blocks are not supported yet");
            }
            if (split < 0)
            {
                throw new TableException(path, line.Number, $"\"{line.Text}\": expected \"network/prefix result\"");
            }
            var value = line.Text[(split + 1)..].Trim();
            var negated = pattern.StartsWith('!');
            var network = negated ? pattern[1..] : pattern;
            if (!CidrBlock.TryParse(network, out var block))
            {
                throw new TableException(path, line.Number,
                    $"\"{pattern}\": bad address pattern (expected network/prefix or an address, e.g. 192.0.2.0/24, 2001:db8::/32)");
            }
            if (CidrBlock.HasHostBits(network, block))
            {
                throw new TableException(path, line.Number, $"\"{pattern}\": non-null host address bits (did you mean {block}?)");
            }
            if (!PostfixAccessValue.TryParse(value, mode, out var action, out var error))
            {
                throw new TableException(path, line.Number, error);
            }
            var target = block.Network.AddressFamily == AddressFamily.InterNetwork ? v4 : v6;
            IpValue.AddRanges(target, block, negated, entries.Count);
            entries.Add(action.ToMatch(pattern, $"{path}:{line.Number}", value));
        }
        return new CidrSnapshot(entries, v4, v6, []);
    }
}
