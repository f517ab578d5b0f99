using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Sekisho.Policy.Tables;
using Xunit.Abstractions;

namespace Sekisho.Policy.Tests.Tables;

/// <summary>
/// Big first-match tables: 100,000 generated CIDR lines, answers checked against a plain scan of the file in order.
/// Correctness only; the time is written to the test output, never asserted.
/// </summary>
public sealed class LargeCidrTableTests
{
    private readonly ITestOutputHelper _output;

    public LargeCidrTableTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void One_hundred_thousand_entries_answer_like_a_scan_in_file_order()
    {
        const int entryCount = 100_000;
        const int lookupCount = 100_000;
        var random = new Random(20240611);
        var entries = new List<Entry>(entryCount);
        var text = new StringBuilder();
        for (var i = 0; i < entryCount; i++)
        {
            var entry = RandomEntry(random, i % 10 == 9);
            entries.Add(entry);
            text.Append(entry.Text).Append(i % 3 == 0 ? " REJECT\n" : " OK\n");
        }
        using var temp = new TempDirectory();
        var path = temp.Write("big.cidr", text.ToString());

        var load = Stopwatch.StartNew();
        var table = AccessTableFactory.Open("cidr:" + path, "/");
        load.Stop();

        var addresses = new IPAddress[lookupCount];
        for (var i = 0; i < lookupCount; i++)
        {
            addresses[i] = i % 2 == 0 ? Inside(random, entries[random.Next(entryCount)]) : RandomAddress(random, i % 10 == 1);
        }
        var results = new AccessMatch?[lookupCount];
        var lookups = Stopwatch.StartNew();
        for (var i = 0; i < lookupCount; i++)
        {
            results[i] = table.FindClient(addresses[i], "unknown");
        }
        lookups.Stop();

        var matched = 0;
        for (var i = 0; i < lookupCount; i += 50)
        {
            var expected = Scan(entries, addresses[i]);
            Assert.Equal(expected < 0 ? null : $"{path}:{expected + 1}", results[i]?.Source);
            matched += expected < 0 ? 0 : 1;
        }
        Assert.True(matched > 500, "the sample should mostly hit entries");
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load {entryCount} entries: {load.ElapsedMilliseconds} ms; {lookupCount} lookups: {lookups.ElapsedMilliseconds} ms "
            + $"({lookups.Elapsed.TotalMilliseconds * 1_000_000 / lookupCount:F0} ns each)"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Dense_overlapping_tables_answer_like_a_scan(int seed)
    {
        // Few addresses, many nested and negated networks: every boundary case of the index.
        var random = new Random(seed);
        var entries = new List<Entry>();
        var text = new StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            var prefix = random.Next(16, 33);
            var network = (0x0A000000u | (uint)random.Next(0, 1 << 16)) & (prefix == 0 ? 0 : uint.MaxValue << (32 - prefix));
            var negated = random.Next(10) == 0;
            var entry = new Entry(false, network, prefix, negated,
                (negated ? "!" : "") + new IPAddress(BitConverter.GetBytes(network).Reverse().ToArray()) + "/" + prefix);
            entries.Add(entry);
            text.Append(entry.Text).Append(" OK\n");
        }
        using var temp = new TempDirectory();
        var path = temp.Write("dense.cidr", text.ToString());
        var table = AccessTableFactory.Open("cidr:" + path, "/");
        for (var i = 0; i < 5_000; i++)
        {
            var address = new IPAddress(BitConverter.GetBytes(0x0A000000u | (uint)random.Next(0, 1 << 16)).Reverse().ToArray());
            var expected = Scan(entries, address);
            Assert.Equal(expected < 0 ? null : $"{path}:{expected + 1}", table.FindClient(address, "unknown")?.Source);
        }
    }

    private static Entry RandomEntry(Random random, bool v6)
    {
        if (v6)
        {
            var prefix = random.Next(16, 129);
            var value = RandomUInt128(random, 0x2001_0db8_0000_0000UL) & Mask128(prefix);
            return new Entry(true, value, prefix, false, $"{ToAddress(value)}/{prefix}");
        }
        var length = random.Next(8, 33);
        var network = (uint)random.Next(int.MinValue, int.MaxValue) & Mask32(length);
        return new Entry(false, network, length, false, $"{new IPAddress(BitConverter.GetBytes(network).Reverse().ToArray())}/{length}");
    }

    private static IPAddress Inside(Random random, Entry entry)
    {
        if (entry.V6)
        {
            return ToAddress((entry.Network & Mask128(entry.Prefix)) | (RandomUInt128(random, (ulong)random.NextInt64()) & ~Mask128(entry.Prefix)));
        }
        var value = ((uint)entry.Network & Mask32(entry.Prefix)) | ((uint)random.Next(int.MinValue, int.MaxValue) & ~Mask32(entry.Prefix));
        return new IPAddress(BitConverter.GetBytes(value).Reverse().ToArray());
    }

    private static IPAddress RandomAddress(Random random, bool v6) =>
        v6 ? ToAddress(RandomUInt128(random, 0x2001_0db8_0000_0000UL | (uint)random.Next(0, 4)))
           : new IPAddress(BitConverter.GetBytes((uint)random.Next(int.MinValue, int.MaxValue)));

    /// <summary>The plain scan: index of the first entry in file order that matches, or -1.</summary>
    private static int Scan(List<Entry> entries, IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        var v6 = bytes.Length == 16;
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.V6 != v6)
            {
                continue;
            }
            var inside = v6
                ? (value & Mask128(entry.Prefix)) == entry.Network
                : ((uint)value & Mask32(entry.Prefix)) == (uint)entry.Network;
            if (inside != entry.Negated)
            {
                return i;
            }
        }
        return -1;
    }

    private static uint Mask32(int prefix) => prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);

    private static UInt128 Mask128(int prefix) => prefix == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefix);

    private static UInt128 RandomUInt128(Random random, ulong high) => new(high, (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63));

    private static IPAddress ToAddress(UInt128 value)
    {
        var bytes = new byte[16];
        for (var i = 15; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xFF);
            value >>= 8;
        }
        return new IPAddress(bytes);
    }

    private sealed record Entry(bool V6, UInt128 Network, int Prefix, bool Negated, string Text);
}
