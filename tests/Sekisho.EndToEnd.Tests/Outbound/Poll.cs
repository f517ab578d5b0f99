namespace Sekisho.EndToEnd.Tests.Outbound;

/// <summary>Waiting for what the servers do in the background, with a deadline generous enough for a loaded machine.</summary>
internal static class Poll
{
    /// <summary>Waits until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeoutSeconds} s waiting for {what}");
            }
            await Task.Delay(25);
        }
    }

    /// <summary>Waits for a mail log line containing every one of <paramref name="parts"/> and returns it.</summary>
    public static async Task<string> LogLineAsync(Func<IEnumerable<string>> lines, params string[] parts)
    {
        string? found = null;
        await UntilAsync(() => (found = lines().FirstOrDefault(line => parts.All(line.Contains))) is not null,
            "a log line with " + string.Join(" and ", parts.Select(p => $"\"{p}\"")));
        return found!;
    }
}
