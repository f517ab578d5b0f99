using System.Buffers.Binary;
using System.Numerics;

namespace Sekisho.Queue.Files;

/// <summary>CRC-32C (Castagnoli), as iSCSI and ext4 use it; hardware-accelerated where the CPU has it.</summary>
internal static class Crc32C
{
    /// <summary>The checksum of <paramref name="data"/> (of <c>123456789</c>: <c>E3069283</c>).</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }
        return ~crc;
    }
}
