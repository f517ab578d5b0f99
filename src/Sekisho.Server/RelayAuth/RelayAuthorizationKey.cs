using System.Net;
using System.Net.Sockets;

namespace Sekisho.Server.RelayAuth;

/// <summary>
/// The key an address is authorized under: an IPv4 address as itself, an IPv6 address as itself or, with
/// <c>pop_before_smtp_ipv6_prefix</c> below 128, as its prefix (<c>2001:db8:1:2::/64</c>), since an IPv6 client may
/// change its address within its network between the POP3 login and the SMTP session.
/// </summary>
public static class RelayAuthorizationKey
{
    /// <summary>The key for <paramref name="address"/>.</summary>
    /// <param name="address">The client address (IPv4-mapped IPv6 is unmapped).</param>
    /// <param name="ipv6Prefix">The IPv6 prefix length, 1 to 128.</param>
    public static string For(IPAddress address, int ipv6Prefix)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes(); // without the scope id
        if (ipv6Prefix >= 128)
        {
            return new IPAddress(bytes).ToString();
        }
        for (var bit = ipv6Prefix; bit < 128; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }
        return $"{new IPAddress(bytes)}/{ipv6Prefix}";
    }

    /// <summary>Reads an address typed by an admin (<c>sekisho relay-auth add 192.0.2.7</c>).</summary>
    public static bool TryParse(string text, int ipv6Prefix, out string key)
    {
        key = "";
        if (!IPAddress.TryParse(text.Trim().Trim('[', ']'), out var address))
        {
            return false;
        }
        key = For(address, ipv6Prefix);
        return true;
    }
}
