using Sekisho.Accounts.Aliases;
using Sekisho.Accounts.Tests.Support;

namespace Sekisho.Accounts.Tests.Aliases;

public sealed class AliasMapsTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TemporaryDirectory _directory = new();
    private readonly ManualTimeProvider _clock = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("root", "first")]
    [InlineData("ROOT", "first")]
    [InlineData("only2", "second")]
    [InlineData("nobody", null)]
    public async Task The_first_map_that_has_a_name_wins(string name, string? expected)
    {
        var first = await CompileAsync("aliases", "root: first\n");
        var second = await CompileAsync("more/aliases", "root: second\nonly2: second\n");
        var maps = new AliasMaps([first, second], _clock);

        Assert.Equal(expected is not null, maps.TryGetTargets(name, out var targets));
        Assert.Equal(expected is null ? [] : [expected], targets);
        Assert.Empty(maps.Warnings);
    }

    [Fact]
    public async Task A_missing_index_is_an_empty_map_and_a_warning()
    {
        var present = await CompileAsync("aliases", "root: alice\n");
        var missing = _directory.Write("never-compiled", "x: y\n");

        var maps = new AliasMaps([missing, present], _clock);

        Assert.True(maps.TryGetTargets("root", out _));
        Assert.False(maps.TryGetTargets("x", out _));
        Assert.Equal([missing + ".db"], maps.IndexPaths.Take(1));
        Assert.Contains($"{missing}.db: alias index not found", Assert.Single(maps.Warnings));
    }

    [Fact]
    public async Task A_recompiled_index_is_picked_up_within_a_second()
    {
        var source = await CompileAsync("aliases", "root: alice\n");
        var maps = new AliasMaps([source], _clock);
        Assert.Equal(["alice"], Targets(maps, "root"));

        await CompileAsync("aliases", "root: bob, carol\nnew: dave\n");
        _clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal(["alice"], Targets(maps, "root")); // checked at most once a second

        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(["bob", "carol"], Targets(maps, "root"));
        Assert.Equal(["dave"], Targets(maps, "new"));
    }

    [Fact]
    public async Task An_index_that_appears_later_is_picked_up_and_its_warning_goes()
    {
        var source = _directory.Write("aliases", "root: alice\n");
        var maps = new AliasMaps([source], _clock);
        Assert.Single(maps.Warnings);

        await AliasIndex.CompileAsync(source, None);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(["alice"], Targets(maps, "root"));
        Assert.Empty(maps.Warnings);
    }

    [Fact]
    public async Task A_damaged_index_keeps_the_previous_aliases_with_a_warning()
    {
        var source = await CompileAsync("aliases", "root: alice\n");
        var maps = new AliasMaps([source], _clock);

        File.WriteAllText(source + ".db", "SEKISHO-ALIASES 1\nroot\tmallory\n");
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(["alice"], Targets(maps, "root"));
        Assert.Contains("damaged alias index; run `sekisho newaliases`; keeping the version loaded before", Assert.Single(maps.Warnings));
    }

    [Fact]
    public async Task A_deleted_index_empties_the_map()
    {
        var source = await CompileAsync("aliases", "root: alice\n");
        var maps = new AliasMaps([source], _clock);

        File.Delete(source + ".db");
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(maps.TryGetTargets("root", out _));
        Assert.Single(maps.Warnings);
    }

    [Fact]
    public async Task Refresh_checks_at_once()
    {
        var source = await CompileAsync("aliases", "root: alice\n");
        var maps = new AliasMaps([source], _clock);

        await CompileAsync("aliases", "root: bob\n");
        maps.Refresh();

        Assert.Equal(["bob"], Targets(maps, "root"));
    }

    [Fact]
    public async Task Lookups_go_on_while_the_index_is_replaced()
    {
        var source = await CompileAsync("aliases", "root: alice\n");
        var maps = new AliasMaps([source], _clock);
        var writing = true;

        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var lookups = 0;
            while (Volatile.Read(ref writing) || lookups < 1000)
            {
                Assert.True(maps.TryGetTargets("root", out var targets));
                Assert.Single(targets);
                lookups++;
            }
        })).ToArray();
        for (var i = 0; i < 30; i++)
        {
            await CompileAsync("aliases", $"root: user{i}\n");
            _clock.Advance(TimeSpan.FromSeconds(1)); // the next lookup of some reader reloads
        }
        Volatile.Write(ref writing, false);
        await Task.WhenAll(readers);

        await CompileAsync("aliases", "root: the-last-one\n"); // a new size: seen even where mtimes are coarse
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["the-last-one"], Targets(maps, "root"));
    }

    private static IReadOnlyList<string> Targets(AliasMaps maps, string name)
    {
        maps.TryGetTargets(name, out var targets);
        return targets;
    }

    private async Task<string> CompileAsync(string name, string text)
    {
        var source = _directory.Write(name, text);
        await AliasIndex.CompileAsync(source, None);
        return source;
    }
}
