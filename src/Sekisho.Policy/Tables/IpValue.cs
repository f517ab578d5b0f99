using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Sekisho.Config.Tables;

namespace Sekisho.Policy.Tables;

/// <summary>Addresses as numbers (IPv4 in the low 32 bits), for <see cref="IpIntervalIndex"/>.</summary>
internal static class IpValue
{
    /// <summary>The address as a number.</summary>
    public static UInt128 Of(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    /// <summary>The number of bits of the family: 32 or 128.</summary>
    public static int Bits(AddressFamily family) => family == AddressFamily.InterNetwork ? 32 : 128;

    /// <summary>The highest address of the family.</summary>
    public static UInt128 Max(AddressFamily family) => family == AddressFamily.InterNetwork ? uint.MaxValue : UInt128.MaxValue;

    /// <summary>The addresses of a network.</summary>
    public static (UInt128 Start, UInt128 End) Range(IPAddress network, int prefixLength)
    {
        var hostBits = Bits(network.AddressFamily) - prefixLength;
        var mask = hostBits >= 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        var start = Of(network) & ~mask;
        return (start, start | mask);
    }

    /// <summary>Adds the ranges of an entry: its network, or for a negated entry (<c>!192.0.2.0/24</c>) everything else in its family.</summary>
    public static void AddRanges(List<IpRange> target, CidrBlock block, bool negated, int priority)
    {
        var (start, end) = Range(block.Network, block.PrefixLength);
        if (!negated)
        {
            target.Add(new IpRange(start, end, priority));
            return;
        }
        var max = Max(block.Network.AddressFamily);
        if (start > 0)
        {
            target.Add(new IpRange(0, start - 1, priority));
        }
        if (end < max)
        {
            target.Add(new IpRange(end + 1, max, priority));
        }
    }

    /// <summary>
    /// Parses one address strictly: a dotted quad, or IPv6 (optionally in brackets, with an <c>IPv6:</c> tag as in
    /// an SMTP address literal); no zone ids, no short IPv4 forms such as <c>10.1</c>.
    /// </summary>
    public static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        var trimmed = text.Trim();
        if (trimmed.StartsWith('[') && trimmed.EndsWith(']') && trimmed.Length > 2)
        {
            trimmed = trimmed[1..^1];
            if (trimmed.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed[5..];
            }
        }
        if (trimmed.Contains('/') || !CidrBlock.TryParse(trimmed, out var block)
            || block.PrefixLength != Bits(block.Network.AddressFamily))
        {
            return false;
        }
        address = block.Network;
        return true;
    }
}
