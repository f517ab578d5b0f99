using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Sekisho.Bench.Cidr;

/// <summary>Addresses as numbers (IPv4 in the low 32 bits) and back, for generating entries and for the linear scan.</summary>
internal static class AddressNumber
{
    /// <summary>The address as a number.</summary>
    public static UInt128 Of(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    /// <summary>The address of a number.</summary>
    /// <param name="value">The number.</param>
    /// <param name="v6">Whether it is an IPv6 address (else the low 32 bits are an IPv4 address).</param>
    public static IPAddress ToAddress(UInt128 value, bool v6)
    {
        var bytes = new byte[v6 ? 16 : 4];
        if (v6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value);
        }
        return new IPAddress(bytes);
    }

    /// <summary>True for an IPv6 address.</summary>
    public static bool IsV6(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6;
}
