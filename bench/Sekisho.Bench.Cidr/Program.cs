using System.Globalization;
using System.Runtime.InteropServices;

namespace Sekisho.Bench.Cidr;

/// <summary>
/// Relay decisions on 100,000 CIDR entries: table load time and single-thread decisions per second of the server's
/// <c>cidr:</c> table and <c>mynetworks</c> lists, next to a linear scan of the same entries. Every subject's answers
/// on a sample are checked against the linear scan (first match in file order); exits 1 on a mismatch.
/// </summary>
internal static class Program
{
    private const int Seed = 20_250_611;
    private const int EntryCount = 100_000;
    private const int ProbeCount = 1 << 16;
    private const long IndexedLookups = 2_000_000;
    private const long ScanLookups = 1_000;
    private const int SampleSize = 2_000;

    private static int Main()
    {
        var generator = new EntryGenerator(Seed);
        var entries = generator.Entries(EntryCount);
        ProbeSet[] probeSets = [generator.V4Hits(ProbeCount), generator.V4Misses(ProbeCount), generator.V6Mixed(ProbeCount)];
        var directory = Directory.CreateTempSubdirectory("sekisho-bench-cidr-");
        try
        {
            var subjects = SubjectFactory.Open(entries, directory.FullName, IndexedLookups);
            WriteIntroduction(entries, subjects);
            var scan = new LinearScan(entries);
            var results = new ResultTable();
            var mismatches = 0;
            foreach (var probes in probeSets)
            {
                var firstMatches = probes.Addresses.Take(SampleSize).Select(scan.FirstMatch).ToArray();
                var linear = LookupTimer.Measure(address => scan.FirstMatch(address) < 0 ? null : "", probes.Addresses, ScanLookups);
                results.Add("linear scan (reference)", probes.Name, linear, linear.Nanoseconds);
                foreach (var subject in subjects)
                {
                    mismatches += Check(subject, probes, firstMatches);
                    results.Add(subject.Name, probes.Name, LookupTimer.Measure(subject.Decide, probes.Addresses, subject.Lookups), linear.Nanoseconds);
                }
            }
            Console.WriteLine();
            results.WriteTo(Console.Out);
            Console.WriteLine();
            Console.WriteLine(mismatches == 0
                ? "correctness: every sampled answer equals the linear scan's first match"
                : $"correctness: {mismatches} sampled answers differ from the linear scan's first match");
            return mismatches == 0 ? 0 : 1;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void WriteIntroduction(List<CidrEntry> entries, DecisionSubject[] subjects)
    {
        var v6 = entries.Count(entry => entry.IsV6);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{entries.Count:N0} CIDR entries ({entries.Count - v6:N0} IPv4 /8-/32, {v6:N0} IPv6 /32-/128, overlapping, first match "
            + $"in file order), seed {Seed}; {RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} processors, one thread"));
        Console.WriteLine();
        Console.WriteLine($"{"load",-34} {"first (ms)",10} {"again (ms)",10}");
        foreach (var subject in subjects)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{subject.Name,-34} {subject.Load.First.TotalMilliseconds,10:N1} {subject.Load.Again.TotalMilliseconds,10:N1}"));
        }
    }

    /// <summary>
    /// Compares the subject's answers with the linear scan's on the first sampled addresses (at most as many as one timed
    /// round, so a slow subject is not checked for longer than it is timed); returns the number of differences.
    /// </summary>
    private static int Check(DecisionSubject subject, ProbeSet probes, int[] firstMatches)
    {
        var count = (int)Math.Min(firstMatches.Length, subject.Lookups / LookupTimer.Rounds);
        var mismatches = 0;
        for (var i = 0; i < count; i++)
        {
            var address = probes.Addresses[i];
            var expected = subject.Expected(firstMatches[i]);
            var actual = subject.Decide(address);
            if (actual != expected)
            {
                mismatches++;
                Console.Error.WriteLine($"MISMATCH {subject.Name}, {address}: expected {expected ?? "no match"}, got {actual ?? "no match"}");
            }
        }
        return mismatches;
    }
}
