using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Sekisho.Policy;
using Sekisho.Policy.Restrictions;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Bench.Micro;

/// <summary>
/// The RCPT latency target of issue 7 (p99 under 50 µs with 100,000-entry tables), measured without BenchmarkDotNet:
/// one thread, each decision timed alone with <see cref="Stopwatch.GetTimestamp"/> over a mix of hits and misses
/// (<see cref="RcptDecisionFixture.MixWeights"/>), after a warm-up. Two loops: the policy decision alone, and the RCPT
/// argument parsed first (<see cref="SmtpPathParser"/>, <see cref="RcptParameters"/>) as the session does. Prints
/// markdown tables: what decided each scenario (a check of the data), then the percentiles; exits 1 when a
/// scenario is decided by another rule than it was built for.
/// </summary>
internal static class P99Mode
{
    private const int DefaultDecisions = 1_000_000;
    private const int WarmUpDecisions = 200_000;
    private const int ProbeCount = 1 << 16;
    private const double TargetMicros = 50;

    /// <summary>Runs the loops and writes the report.</summary>
    /// <param name="args">Optionally the number of timed decisions per loop (default 1,000,000).</param>
    /// <param name="output">Where the report goes.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var decisions = args.Length > 0 ? int.Parse(args[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : DefaultDecisions;
        await using var fixture = RcptDecisionFixture.Create();
        var probes = fixture.Probes(RcptScenario.Mix, ProbeCount);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RCPT decisions, {RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} processors, one thread; load average before: {LoadAverage()}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tables: cidr: {RcptDecisionFixture.TableSize:N0} networks, hash: {RcptDecisionFixture.TableSize:N0} recipients/domains; main.cf + both tables loaded and policy built in {fixture.BuildTime.TotalMilliseconds:N0} ms"));
        output.WriteLine("smtpd_recipient_restrictions = permit_mynetworks, check_client_access cidr:..., check_recipient_access hash:..., reject_unauth_destination");
        output.WriteLine();

        var mismatches = WriteDecidedBy(fixture.Policy, probes, output);
        var policy = fixture.Policy;
        for (var i = 0; i < WarmUpDecisions; i++)
        {
            Decide(policy, probes[i & (ProbeCount - 1)].Context);
            ParseAndDecide(policy, probes[i & (ProbeCount - 1)]);
        }

        var decide = Time(decisions, probes, probe => Decide(policy, probe.Context), out var decideElapsed, out var decideCost);
        var parse = Time(decisions, probes, probe => ParseAndDecide(policy, probe), out var parseElapsed, out var parseCost);
        var rows = new List<LatencySummary>
        {
            LatencySummary.Of("decide, mix", [.. decide], decideElapsed),
            LatencySummary.Of("parse RCPT argument + decide, mix", [.. parse], parseElapsed),
        };
        foreach (var scenario in Enum.GetValues<RcptScenario>().Where(s => s != RcptScenario.Mix))
        {
            var picked = decide.Where((_, i) => probes[i & (ProbeCount - 1)].Scenario == scenario).ToArray();
            rows.Add(LatencySummary.Of($"decide, {scenario} only", picked, null));
        }

        output.WriteLine(LatencySummary.Header);
        foreach (var row in rows)
        {
            output.WriteLine(row.ToRow());
        }
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timer: {TimerOverheadNanos():N0} ns per timestamp pair (included in every figure). Per decision: {decideCost}; with parsing: {parseCost}. Load average after: {LoadAverage()}"));
        var p99 = rows[0].P99;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target p99 < {TargetMicros} µs with 100,000-entry tables: {(p99 < TargetMicros ? "met" : "NOT met")} (decide p99 = {p99:F2} µs, parse + decide p99 = {rows[1].P99:F2} µs)"));
        return mismatches == 0 ? 0 : 1;
    }

    private static PolicyDecision Decide(SmtpdPolicy policy, RestrictionContext context) =>
        policy.DecideRecipientAsync(context, CancellationToken.None).GetAwaiter().GetResult();

    private static PolicyDecision ParseAndDecide(SmtpdPolicy policy, RcptProbe probe)
    {
        if (!SmtpPathParser.TryParseRcptTo(probe.Argument, out var recipient, out var parameters, out var error)
            || !RcptParameters.TryParse(parameters, extended: true, out _, out error))
        {
            throw new InvalidOperationException($"{probe.Argument}: {error}");
        }
        return Decide(policy, probe.Context with { Recipient = recipient });
    }

    /// <summary>Times each operation alone; returns the durations in ticks, the loop's wall time and the GC cost.</summary>
    private static long[] Time(int count, RcptProbe[] probes, Func<RcptProbe, PolicyDecision> operation, out TimeSpan elapsed, out string cost)
    {
        var ticks = new long[count];
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var probe = probes[i & (ProbeCount - 1)];
            var before = Stopwatch.GetTimestamp();
            operation(probe);
            ticks[i] = Stopwatch.GetTimestamp() - before;
        }
        elapsed = Stopwatch.GetElapsedTime(started);
        cost = string.Create(CultureInfo.InvariantCulture,
            $"{(GC.GetAllocatedBytesForCurrentThread() - allocated) / count:N0} B allocated, GCs gen0/1/2 over the loop "
            + $"{GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3}");
        return ticks;
    }

    /// <summary>Writes which rule decided the probes of each scenario; returns how many went to a rule their scenario does not expect.</summary>
    private static int WriteDecidedBy(SmtpdPolicy policy, RcptProbe[] probes, TextWriter output)
    {
        var counts = new Dictionary<(RcptScenario Scenario, string Rule, VerdictKind Kind), int>();
        foreach (var probe in probes)
        {
            var decision = Decide(policy, probe.Context);
            var key = (probe.Scenario, DecidedBy(decision), decision.Verdict.Kind);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        output.WriteLine("| scenario | share of the mix | decided by | verdict | probes |");
        output.WriteLine("|---|---:|---|---|---:|");
        var mismatches = 0;
        foreach (var ((scenario, rule, kind), count) in counts.OrderBy(c => c.Key.Scenario).ThenBy(c => c.Key.Rule, StringComparer.Ordinal).ThenBy(c => c.Key.Kind))
        {
            var share = RcptDecisionFixture.MixWeights.First(w => w.Scenario == scenario).Percent;
            var expected = Expected(scenario);
            if (expected is not null && rule != expected)
            {
                mismatches += count;
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {scenario} | {share} % | {rule}{(expected is not null && rule != expected ? " (UNEXPECTED)" : "")} | {kind} | {count:N0} |"));
        }
        output.WriteLine();
        return mismatches;
    }

    /// <summary>
    /// The restriction that decided: the last one the trace shows (a permit ends only its own list, so the verdict
    /// names the end of the lists), or the end of the lists when that one had no decision. Table names are left out.
    /// </summary>
    private static string DecidedBy(PolicyDecision decision)
    {
        var last = decision.Trace.Count == 0 ? "" : decision.Trace[^1];
        var arrow = last.IndexOf(" -> ", StringComparison.Ordinal);
        if (arrow < 0 || last.AsSpan(arrow).StartsWith(" -> no decision"))
        {
            return "end of restriction lists";
        }
        var name = last[(last.IndexOf(": ", StringComparison.Ordinal) + 2)..arrow];
        return name.Split(' ')[0];
    }

    /// <summary>The rule a scenario's probes are built to reach, or null when it varies.</summary>
    private static string? Expected(RcptScenario scenario) => scenario switch
    {
        RcptScenario.TrustedClient => "permit_mynetworks",
        RcptScenario.CidrHit => "check_client_access",
        RcptScenario.HashHit => "check_recipient_access",
        RcptScenario.LocalNoMatch => "end of restriction lists",
        RcptScenario.RelayDenied => "reject_unauth_destination",
        _ => null,
    };

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static double TimerOverheadNanos()
    {
        const int pairs = 1_000_000;
        var ticks = new long[pairs];
        for (var i = 0; i < pairs; i++)
        {
            var before = Stopwatch.GetTimestamp();
            ticks[i] = Stopwatch.GetTimestamp() - before;
        }
        Array.Sort(ticks);
        return ticks[pairs / 2] * 1e9 / Stopwatch.Frequency;
    }
}
