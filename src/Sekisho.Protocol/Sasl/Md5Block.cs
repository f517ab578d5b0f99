using System.Buffers.Binary;
using System.Numerics;

namespace Sekisho.Protocol.Sasl;

/// <summary>
/// The MD5 compression function (RFC 1321 3.4) over a chaining state that the caller keeps. .NET's
/// <see cref="System.Security.Cryptography.MD5"/> does not expose its intermediate state, and the CRAM-MD5
/// secret is exactly such a state (HMAC-MD5 after the ipad and opad blocks), so this small copy exists for
/// <see cref="CramMd5Secret"/> only. Everything else uses the platform MD5.
/// </summary>
internal static class Md5Block
{
    /// <summary>The block size in bytes.</summary>
    public const int BlockSize = 64;

    private static readonly int[] Shifts =
    [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];

    // T[i] = floor(2^32 * |sin(i + 1)|), RFC 1321 3.4.
    private static readonly uint[] Sines = Enumerable.Range(1, 64)
        .Select(i => (uint)(long)Math.Floor(Math.Abs(Math.Sin(i)) * 4294967296.0))
        .ToArray();

    /// <summary>The initial chaining state A, B, C, D (RFC 1321 3.3).</summary>
    public static uint[] InitialState() => [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];

    /// <summary>Runs the compression function over one 64-byte block, updating <paramref name="state"/>.</summary>
    /// <param name="state">The four chaining words.</param>
    /// <param name="block">Exactly 64 bytes.</param>
    public static void Transform(Span<uint> state, ReadOnlySpan<byte> block)
    {
        Span<uint> x = stackalloc uint[16];
        for (var i = 0; i < 16; i++)
        {
            x[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(i * 4)..]);
        }
        uint a = state[0], b = state[1], c = state[2], d = state[3];
        for (var i = 0; i < 64; i++)
        {
            uint f;
            int k;
            switch (i / 16)
            {
                case 0: f = (b & c) | (~b & d); k = i; break;
                case 1: f = (b & d) | (c & ~d); k = (5 * i + 1) % 16; break;
                case 2: f = b ^ c ^ d; k = (3 * i + 5) % 16; break;
                default: f = c ^ (b | ~d); k = 7 * i % 16; break;
            }
            var rotated = BitOperations.RotateLeft(a + f + Sines[i] + x[k], Shifts[i]);
            (a, d, c, b) = (d, c, b, b + rotated);
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
    }

    /// <summary>
    /// Finishes a hash whose first <paramref name="prefixLength"/> bytes (a multiple of 64) are already in
    /// <paramref name="state"/>: hashes <paramref name="tail"/>, pads (RFC 1321 3.1, 3.2) and returns the digest.
    /// </summary>
    /// <param name="state">The chaining state after the prefix; not modified.</param>
    /// <param name="prefixLength">How many bytes the state already covers.</param>
    /// <param name="tail">The rest of the message.</param>
    /// <returns>The 16-byte digest.</returns>
    public static byte[] Finish(ReadOnlySpan<uint> state, long prefixLength, ReadOnlySpan<byte> tail)
    {
        Span<uint> working = stackalloc uint[4];
        state.CopyTo(working);
        var full = tail.Length / BlockSize * BlockSize;
        for (var offset = 0; offset < full; offset += BlockSize)
        {
            Transform(working, tail.Slice(offset, BlockSize));
        }
        var rest = tail[full..];
        Span<byte> last = stackalloc byte[BlockSize * 2];
        last.Clear();
        rest.CopyTo(last);
        last[rest.Length] = 0x80;
        var length = rest.Length + 1 + 8 <= BlockSize ? BlockSize : BlockSize * 2;
        BinaryPrimitives.WriteUInt64LittleEndian(last[(length - 8)..], (ulong)(prefixLength + tail.Length) * 8);
        for (var offset = 0; offset < length; offset += BlockSize)
        {
            Transform(working, last.Slice(offset, BlockSize));
        }
        return ToBytes(working);
    }

    /// <summary>The chaining words as little-endian bytes (the digest form, and Dovecot's stored form).</summary>
    /// <param name="state">The four words.</param>
    public static byte[] ToBytes(ReadOnlySpan<uint> state)
    {
        var bytes = new byte[16];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), state[i]);
        }
        return bytes;
    }

    /// <summary>Reads four little-endian chaining words.</summary>
    /// <param name="bytes">16 bytes.</param>
    public static uint[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        var state = new uint[4];
        for (var i = 0; i < 4; i++)
        {
            state[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]);
        }
        return state;
    }
}
