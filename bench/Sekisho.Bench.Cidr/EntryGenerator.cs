using System.Net;

namespace Sekisho.Bench.Cidr;

/// <summary>
/// Makes the table and the client addresses from a fixed seed, so every run decides on the same data.
/// <para>
/// Entries: every tenth line is IPv6, the rest IPv4. IPv4: mostly /24s, some /25-/32, about one in seven /16-/23 and
/// one in a thousand /8-/15. The short ones (/8-/23) lie in 1.0.0.0-63.255.255.255; /24-/32 lie anywhere in
/// 1.0.0.0-223.255.255.255 but always with an even third octet, like a blocklist scattered over the address space.
/// IPv6 networks lie in 2001:0000::/20, /32 to /128, mostly /48, /56, /64 and /128. Networks overlap (a /24 inside an
/// earlier or later /16, duplicates), so the first match in file order matters, as in Postfix.
/// </para>
/// <para>
/// Probes: IPv4 hits are random addresses inside a random IPv4 entry (the answer may be an earlier entry). IPv4 misses
/// lie in 64.0.0.0-223.255.255.255 with an odd third octet: between the scattered entries, never in one, so a lookup
/// searches the whole index as a hit does. IPv6 probes are half inside a random IPv6 entry, half random in
/// 2001:0000::/20 (mostly misses).
/// </para>
/// </summary>
internal sealed class EntryGenerator
{
    private static readonly int[] V6Prefixes = [32, 40, 44, 48, 48, 48, 48, 52, 56, 56, 56, 60, 64, 64, 64, 64, 96, 112, 127, 128, 128, 128];
    private readonly Random _random;
    private readonly List<CidrEntry> _v4 = [];
    private readonly List<CidrEntry> _v6 = [];

    /// <summary>Creates the generator.</summary>
    /// <param name="seed">The seed of the pseudo-random sequence.</param>
    public EntryGenerator(int seed)
    {
        _random = new Random(seed);
    }

    /// <summary>The entries, in file order.</summary>
    /// <param name="count">How many.</param>
    public List<CidrEntry> Entries(int count)
    {
        var entries = new List<CidrEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var entry = i % 10 == 9 ? NewV6() : NewV4();
            (entry.IsV6 ? _v6 : _v4).Add(entry);
            entries.Add(entry);
        }
        return entries;
    }

    /// <summary>Addresses inside IPv4 entries.</summary>
    /// <param name="count">How many (a power of two).</param>
    public ProbeSet V4Hits(int count) => new("IPv4 hit", Make(count, () => Inside(_v4[_random.Next(_v4.Count)])));

    /// <summary>IPv4 addresses outside every entry.</summary>
    /// <param name="count">How many (a power of two).</param>
    public ProbeSet V4Misses(int count) =>
        new("IPv4 miss", Make(count, () => AddressNumber.ToAddress(((uint)_random.Next(64, 224) << 24) | Bits(24) | 0x100, v6: false)));

    /// <summary>IPv6 addresses, half inside an entry.</summary>
    /// <param name="count">How many (a power of two).</param>
    public ProbeSet V6Mixed(int count) =>
        new("IPv6 half hit", Make(count, () => _random.Next(2) == 0 ? Inside(_v6[_random.Next(_v6.Count)]) : AddressNumber.ToAddress(V6Region(), v6: true)));

    private CidrEntry NewV4()
    {
        var choice = _random.NextDouble();
        var prefix = choice < 0.001 ? _random.Next(8, 16) : choice < 0.15 ? _random.Next(16, 24) : choice < 0.75 ? 24 : _random.Next(25, 33);
        var network = prefix < 24 ? ((uint)_random.Next(1, 64) << 24) | Bits(24) : ((uint)_random.Next(1, 224) << 24) | (Bits(24) & ~0x100u);
        return Entry(false, network, prefix);
    }

    private CidrEntry NewV6() => Entry(true, V6Region(), V6Prefixes[_random.Next(V6Prefixes.Length)]);

    private static CidrEntry Entry(bool v6, UInt128 address, int prefix)
    {
        var hostMask = HostMask(v6 ? 128 : 32, prefix);
        var start = address & ~hostMask;
        var end = start | hostMask;
        var network = AddressNumber.ToAddress(start, v6);
        return new CidrEntry(v6, start, end, $"{network}/{prefix}", v6 ? $"[{network}]/{prefix}" : $"{network}/{prefix}");
    }

    /// <summary>A random address in 2001:0000::/20.</summary>
    private UInt128 V6Region() => new((0x2001UL << 48) | ((ulong)_random.Next(0, 1 << 12) << 32) | Bits(32), Bits64());

    private IPAddress Inside(CidrEntry entry)
    {
        var random = entry.IsV6 ? new UInt128(Bits64(), Bits64()) : Bits(32);
        return AddressNumber.ToAddress(entry.Start | (random & (entry.End - entry.Start)), entry.IsV6);
    }

    private static UInt128 HostMask(int bits, int prefix) => prefix == bits ? UInt128.Zero : (UInt128.One << (bits - prefix)) - 1;

    private static IPAddress[] Make(int count, Func<IPAddress> next)
    {
        var addresses = new IPAddress[count];
        for (var i = 0; i < count; i++)
        {
            addresses[i] = next();
        }
        return addresses;
    }

    private uint Bits(int count) => (uint)_random.NextInt64(0, 1L << count);

    private ulong Bits64() => (ulong)_random.NextInt64() ^ ((ulong)_random.Next(2) << 63);
}
