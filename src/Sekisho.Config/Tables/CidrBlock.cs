using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sekisho.Config.Tables;

/// <summary>
/// A network in CIDR notation, as written in <c>mynetworks</c> or a <c>cidr:</c> table:
/// <c>192.168.0.0/23</c>, <c>10.1.2.3</c> (a /32), <c>[2001:db8::]/32</c>, <c>[::1]</c> or <c>::1/128</c>.
/// </summary>
/// <param name="Network">The network address, host bits cleared.</param>
/// <param name="PrefixLength">The number of leading bits that must match: 0-32 for IPv4, 0-128 for IPv6.</param>
public readonly record struct CidrBlock(IPAddress Network, int PrefixLength)
{
    /// <summary>
    /// Parses CIDR text. An IPv4 address must have four decimal parts; a missing prefix means a single host.
    /// Host bits set below the prefix are cleared (<c>192.168.1.1/23</c> becomes <c>192.168.0.0/23</c>);
    /// use <see cref="HasHostBits"/> to warn about them.
    /// </summary>
    /// <returns>False for anything else, including zone ids (<c>fe80::1%eth0</c>) and table references.</returns>
    public static bool TryParse(string text, out CidrBlock block)
    {
        block = default;
        var trimmed = text.Trim();
        var slash = trimmed.IndexOf('/');
        var addressText = slash < 0 ? trimmed : trimmed[..slash];
        if (addressText.StartsWith('[') && addressText.EndsWith(']') && addressText.Length > 2)
        {
            addressText = addressText[1..^1];
            if (!addressText.Contains(':'))
            {
                return false;
            }
        }
        if (!TryParseAddress(addressText, out var address))
        {
            return false;
        }
        var maxBits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxBits;
        if (slash >= 0)
        {
            var prefixText = trimmed[(slash + 1)..];
            if (prefixText.Length is 0 or > 3 || !prefixText.All(char.IsAsciiDigit)
                || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out prefix)
                || prefix > maxBits)
            {
                return false;
            }
        }
        block = new CidrBlock(Mask(address, prefix), prefix);
        return true;
    }

    /// <summary>True when the text names an address with bits set below the prefix, e.g. <c>192.168.1.1/23</c>.</summary>
    public static bool HasHostBits(string text, CidrBlock parsed)
    {
        var slash = text.IndexOf('/');
        var addressText = (slash < 0 ? text : text[..slash]).Trim().TrimStart('[').TrimEnd(']');
        return TryParseAddress(addressText, out var written) && !written.Equals(parsed.Network);
    }

    /// <summary>
    /// True when the address lies in this network. IPv4-mapped IPv6 addresses (<c>::ffff:192.168.1.1</c>)
    /// match IPv4 networks, as a dual-stack listener reports IPv4 clients that way.
    /// </summary>
    public bool Contains(IPAddress address)
    {
        if (Network is null)
        {
            return false;
        }
        var candidate = address;
        if (Network.AddressFamily == AddressFamily.InterNetwork && candidate.IsIPv4MappedToIPv6)
        {
            candidate = candidate.MapToIPv4();
        }
        else if (Network.AddressFamily == AddressFamily.InterNetworkV6 && candidate.AddressFamily == AddressFamily.InterNetwork)
        {
            candidate = candidate.MapToIPv6();
        }
        if (candidate.AddressFamily != Network.AddressFamily)
        {
            return false;
        }
        return Mask(candidate, PrefixLength).Equals(Network);
    }

    /// <summary>The block as <c>192.168.0.0/23</c> or <c>2001:db8::/32</c>.</summary>
    public override string ToString() => Network is null ? "" : $"{Network}/{PrefixLength}";

    private static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Length == 0 || text.Contains('%'))
        {
            return false;
        }
        if (text.Contains(':'))
        {
            if (!IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
            address = v6;
            return true;
        }
        var parts = text.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || int.Parse(p, CultureInfo.InvariantCulture) > 255))
        {
            return false;
        }
        // From the decimal parts: IPAddress.Parse reads a part with a leading zero as octal (010 is 8, 08 throws).
        address = new IPAddress(parts.Select(p => byte.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray());
        return true;
    }

    private static IPAddress Mask(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bitsHere = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bitsHere));
        }
        return new IPAddress(bytes);
    }
}
