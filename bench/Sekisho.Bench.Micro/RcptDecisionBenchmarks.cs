using BenchmarkDotNet.Attributes;
using Sekisho.Policy.Restrictions;

namespace Sekisho.Bench.Micro;

/// <summary>
/// One RCPT decision through the server's restriction lists with a 100,000-entry <c>cidr:</c> client table and a
/// 100,000-entry <c>hash:</c> recipient table (<see cref="RcptDecisionFixture"/>), per scenario. Each operation decides
/// the next of 65,536 pre-built probes, so lookups do not hit one cached key.
/// </summary>
[MemoryDiagnoser]
public class RcptDecisionBenchmarks
{
    private const int ProbeCount = 1 << 16;
    private RcptDecisionFixture _fixture = null!;
    private SmtpdPolicy _policy = null!;
    private RcptProbe[] _probes = [];
    private int _next;

    /// <summary>Which decisions.</summary>
    [Params(RcptScenario.TrustedClient, RcptScenario.CidrHit, RcptScenario.HashHit, RcptScenario.LocalNoMatch,
        RcptScenario.RelayDenied, RcptScenario.Ipv6Client, RcptScenario.Mix)]
    public RcptScenario Scenario { get; set; }

    /// <summary>Writes and loads the tables, builds the probes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _fixture = RcptDecisionFixture.Create();
        _policy = _fixture.Policy;
        _probes = _fixture.Probes(Scenario, ProbeCount);
    }

    /// <summary>Deletes the tables.</summary>
    [GlobalCleanup]
    public void Cleanup() => _fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Decides the next probe (all restrictions here complete synchronously).</summary>
    [Benchmark]
    public Task<PolicyDecision> Decide() =>
        _policy.DecideRecipientAsync(_probes[_next++ & (ProbeCount - 1)].Context, CancellationToken.None);
}
