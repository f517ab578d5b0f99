using Sekisho.Fuzz.Targets;

namespace Sekisho.EndToEnd.Tests.Fuzz;

/// <summary>
/// Runs every seed (fuzz/corpus/TARGET/*) and every fuzzing regression (fuzz/regressions/TARGET/*) of the fuzz
/// targets of parsers in Sekisho.Server (the BDAT argument, the maildrop file the pickup reads) through the same target code the AFL harness runs,
/// in-process, so a fixed crash stays fixed without AFL.
/// </summary>
public sealed class FuzzCorpusReplayTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var (target, file) in FuzzCorpus.Inputs(ServerTargets.All))
        {
            data.Add(target, file);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Replays_without_a_crash(string target, string file) =>
        FuzzCorpus.Replay(ServerTargets.All.Single(t => t.Name == target), file, TimeSpan.FromSeconds(30));

    [Fact]
    public void Every_target_has_a_seed_corpus()
    {
        foreach (var target in ServerTargets.All)
        {
            var folder = Path.Combine(FuzzCorpus.FuzzFolder(), "corpus", target.Name);
            Assert.True(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any(), "no seeds in " + folder);
        }
    }
}
