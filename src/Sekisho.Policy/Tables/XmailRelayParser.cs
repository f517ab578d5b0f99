using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Sekisho.Config.Tables;

namespace Sekisho.Policy.Tables;

/// <summary>
/// Parses XMail's <c>smtprelay.tab</c>: one network per line, <c>"address"[TAB]"netmask"</c>
/// (<c>"192.168.0.0"	"255.255.0.0"</c>), fields in double quotes separated by tabs (spaces and unquoted fields
/// are tolerated), <c>#</c> comments. Also accepted: <c>"address/bits"</c> as XMail's other address tables write it,
/// and a prefix length in the netmask column. IPv6 networks take a prefix length (<c>"2001:db8::"	"32"</c>) or an
/// IPv6 mask. Host bits below the mask are ignored, as XMail masks both sides. A netmask whose 1 bits are not
/// contiguous is an error. Every entry permits relaying.
/// </summary>
internal static class XmailRelayParser
{
    /// <summary>Loads the file.</summary>
    /// <exception cref="TableException">The file cannot be read or a line is not valid (<c>PATH:LINE: ...</c>).</exception>
    public static CidrSnapshot Load(string path)
    {
        var entries = new List<AccessMatch>();
        var v4 = new List<IpRange>();
        var v6 = new List<IpRange>();
        var warnings = new List<string>();
        foreach (var line in TableFileReader.Read(path, continuationLines: false))
        {
            var fields = Fields(path, line);
            string addressText, maskText;
            if (fields.Count == 1 && fields[0].Contains('/'))
            {
                var slash = fields[0].IndexOf('/');
                (addressText, maskText) = (fields[0][..slash], fields[0][(slash + 1)..]);
            }
            else if (fields.Count == 2)
            {
                (addressText, maskText) = (fields[0], fields[1]);
            }
            else
            {
                throw new TableException(path, line.Number, "expected \"address\"<TAB>\"netmask\", e.g. \"192.168.0.0\" \"255.255.0.0\"");
            }
            if (!IpValue.TryParseAddress(addressText, out var address))
            {
                throw new TableException(path, line.Number, $"\"{addressText}\": not an IP address");
            }
            var prefix = PrefixLength(path, line.Number, maskText, address.AddressFamily);
            var block = new CidrBlock(address, prefix);
            if (prefix == 0)
            {
                warnings.Add($"{path}:{line.Number}: \"{addressText}\" \"{maskText}\" matches every address: anyone may relay through this server");
            }
            var target = address.AddressFamily == AddressFamily.InterNetwork ? v4 : v6;
            IpValue.AddRanges(target, block, negated: false, entries.Count);
            var key = fields.Count == 1 ? fields[0] : addressText;
            entries.Add(ParsedAction.Permit.ToMatch(key, $"{path}:{line.Number}", fields.Count == 1 ? "" : maskText));
        }
        return new CidrSnapshot(entries, v4, v6, warnings);
    }

    private static int PrefixLength(string path, int line, string mask, AddressFamily family)
    {
        var bits = IpValue.Bits(family);
        if (mask.Length is > 0 and <= 3 && mask.All(char.IsAsciiDigit))
        {
            var prefix = int.Parse(mask, NumberStyles.None, CultureInfo.InvariantCulture);
            return prefix <= bits ? prefix : throw new TableException(path, line, $"prefix length \"{mask}\" larger than {bits}");
        }
        if (!IpValue.TryParseAddress(mask, out var maskAddress) || maskAddress.AddressFamily != family)
        {
            throw new TableException(path, line, family == AddressFamily.InterNetwork
                ? $"\"{mask}\": not a netmask (expected e.g. 255.255.255.0)"
                : $"\"{mask}\": not a netmask (expected a prefix length, e.g. 64)");
        }
        var value = IpValue.Of(maskAddress);
        var ones = 0;
        for (var bit = bits - 1; bit >= 0 && ((value >> bit) & UInt128.One) == UInt128.One; bit--)
        {
            ones++;
        }
        var expected = ones == 0 ? UInt128.Zero : IpValue.Max(family) ^ ((UInt128.One << (bits - ones)) - 1);
        if (value != expected)
        {
            throw new TableException(path, line, $"netmask \"{mask}\" is not contiguous (its 1 bits must come first, e.g. 255.255.255.0)");
        }
        return ones;
    }

    private static List<string> Fields(string path, TableLine line)
    {
        var fields = new List<string>();
        var text = line.Text;
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            if (text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                if (close < 0)
                {
                    throw new TableException(path, line.Number, "unterminated quoted field");
                }
                fields.Add(text[(i + 1)..close].Trim());
                i = close + 1;
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            fields.Add(text[start..i]);
        }
        return fields;
    }
}
