namespace Sekisho.Queue;

/// <summary>
/// Makes queue ids: upper-case hex of the arrival time in microseconds, strictly increasing within a process
/// and, with a sane clock, across restarts (e.g. <c>6410A2F3C81B2</c>). Like Postfix's long queue ids they
/// sort by arrival and never repeat; the spool still refuses to overwrite an existing file.
/// </summary>
public sealed class QueueId
{
    private long _last;

    /// <summary>Returns a new id.</summary>
    public string Next()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000 + (Environment.TickCount64 % 1000 + 1000) % 1000;
        while (true)
        {
            var last = Interlocked.Read(ref _last);
            var candidate = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref _last, candidate, last) == last)
            {
                return candidate.ToString("X");
            }
        }
    }

    /// <summary>True when <paramref name="text"/> looks like a queue id (safe to use as a file name).</summary>
    /// <param name="text">The candidate.</param>
    public static bool IsValid(string text) =>
        text.Length is > 0 and <= 20 && text.AsSpan().IndexOfAnyExcept("0123456789ABCDEF") < 0;
}
