namespace Sekisho.Policy.Tables;

/// <summary>
/// Answers "which entry, lowest priority first, contains this address" in O(log n), for big first-match tables
/// (100,000 CIDR lines). Built once per snapshot: the address space of one family is cut into disjoint segments at
/// every range boundary, each segment labelled with the lowest-priority range covering it (a sweep with a heap,
/// O(n log n)); a lookup is a binary search over the segment starts.
/// </summary>
internal sealed class IpIntervalIndex
{
    private readonly UInt128[] _starts;
    private readonly int[] _priorities;

    private IpIntervalIndex(UInt128[] starts, int[] priorities)
    {
        _starts = starts;
        _priorities = priorities;
    }

    /// <summary>An index that contains no address.</summary>
    public static IpIntervalIndex Empty { get; } = new([UInt128.Zero], [-1]);

    /// <summary>The number of segments (at most twice the number of ranges, plus one).</summary>
    public int SegmentCount => _starts.Length;

    /// <summary>Builds the index.</summary>
    /// <param name="ranges">The ranges, in any order; priorities are non-negative.</param>
    public static IpIntervalIndex Build(IReadOnlyCollection<IpRange> ranges)
    {
        if (ranges.Count == 0)
        {
            return Empty;
        }
        var sorted = ranges.ToArray();
        Array.Sort(sorted, static (a, b) => a.Start.CompareTo(b.Start));
        var boundaries = new List<UInt128>(sorted.Length * 2);
        foreach (var range in sorted)
        {
            boundaries.Add(range.Start);
            if (range.End != UInt128.MaxValue)
            {
                boundaries.Add(range.End + 1);
            }
        }
        boundaries.Sort();
        var starts = new List<UInt128>(boundaries.Count + 1) { UInt128.Zero };
        var priorities = new List<int>(boundaries.Count + 1) { -1 };
        var active = new PriorityQueue<int, int>();
        var next = 0;
        for (var i = 0; i < boundaries.Count; i++)
        {
            var at = boundaries[i];
            if (i > 0 && boundaries[i - 1] == at)
            {
                continue;
            }
            while (next < sorted.Length && sorted[next].Start <= at)
            {
                active.Enqueue(next, sorted[next].Priority);
                next++;
            }
            while (active.TryPeek(out var top, out _) && sorted[top].End < at)
            {
                active.Dequeue(); // ended before this segment (lazy removal)
            }
            var priority = active.TryPeek(out _, out var lowest) ? lowest : -1;
            if (priority == priorities[^1])
            {
                continue;
            }
            if (starts[^1] == at)
            {
                priorities[^1] = priority; // only at address 0
            }
            else
            {
                starts.Add(at);
                priorities.Add(priority);
            }
        }
        return new IpIntervalIndex(starts.ToArray(), priorities.ToArray());
    }

    /// <summary>The lowest priority among the ranges containing the value, or -1.</summary>
    public int Find(UInt128 value)
    {
        int low = 0, high = _starts.Length - 1;
        while (low < high)
        {
            var middle = (low + high + 1) >>> 1;
            if (_starts[middle] <= value)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }
        return _priorities[low];
    }
}
