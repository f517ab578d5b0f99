using Sekisho.Accounts.Aliases;
using Sekisho.Accounts.Resolution;
using Sekisho.Accounts.Tests.Support;

namespace Sekisho.Accounts.Tests.Resolution;

public sealed class LocalRecipientResolverTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private const string Aliases = """
        # aliases used by the resolver tests
        staff: alice, bob
        fwd: bob@remote.example
        mixed: alice, carol@example.com, dave@remote.example, Alice@EXAMPLE.COM, bob@Mail.Example.Com
        self: self, bob
        a: b
        b: a
        loop1: loop2
        loop2: loop3
        loop3: alice, loop1
        chain: staff, fwd
        nested: chain, staff, alice+x
        sales: ghost, alice
        ghosts: ghost, phantom@example.com
        direct: \alice, \ghost
        info+sales: bob
        info: carol
        abuse: postmaster
        role: admin@example.com
        admin: root
        """;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("ALICE", "alice")]
    [InlineData("\"alice\"", "alice")]
    [InlineData("staff", "alice bob")]
    [InlineData("Staff", "alice bob")]
    [InlineData("fwd", "remote:bob@remote.example")]
    [InlineData("mixed", "alice carol remote:dave@remote.example bob")]
    [InlineData("chain", "alice bob remote:bob@remote.example")]
    [InlineData("nested", "alice bob remote:bob@remote.example")]
    [InlineData("self", "self bob")]
    [InlineData("direct", "alice")]
    [InlineData("role", "root")]
    [InlineData("abuse", "root")]
    public async Task Resolves_accounts_and_aliases(string localPart, string expected)
    {
        var resolver = await ResolverAsync();

        var result = await resolver.ResolveAsync(localPart, None);

        Assert.True(result.Found, result.Problem);
        Assert.Equal(expected, Render(result.Targets));
    }

    [Theory]
    [InlineData("alice+tag", "+", "alice")]
    [InlineData("alice+tag+more", "+", "alice")]
    [InlineData("staff+x", "+", "alice bob")]
    [InlineData("info+sales", "+", "bob")]
    [InlineData("info+other", "+", "carol")]
    [InlineData("alice-tag", "+-", "alice")]
    [InlineData("alice+tag", "-", null)]
    [InlineData("alice+tag", "", null)]
    [InlineData("+alice", "+", null)]
    [InlineData("nobody+tag", "+", null)]
    public async Task A_recipient_delimiter_tries_the_full_name_then_the_base(string localPart, string delimiter, string? expected)
    {
        var resolver = await ResolverAsync(delimiter: delimiter);

        var result = await resolver.ResolveAsync(localPart, None);

        Assert.Equal(expected is not null, result.Found);
        Assert.Equal(expected ?? "", Render(result.Targets));
    }

    [Theory]
    [InlineData("nobody", "unknown user")]
    [InlineData("", "unknown user")]
    [InlineData("a", "alias loop: a -> b -> a")]
    [InlineData("b", "alias loop: b -> a -> b")]
    [InlineData("loop1", "alias loop: loop1 -> loop2 -> loop3 -> loop1")]
    [InlineData("ghosts", "alias ghosts: unknown user ghost; alias ghosts: unknown user phantom")]
    public async Task Unknown_users_and_loops_are_not_found(string localPart, string problem)
    {
        var resolver = await ResolverAsync();

        var result = await resolver.ResolveAsync(localPart, None);

        Assert.False(result.Found);
        Assert.Empty(result.Targets);
        Assert.Equal(problem, result.Problem);
    }

    [Theory]
    [InlineData("sales", "alice", "alias sales: unknown user ghost")]
    [InlineData("direct", "alice", "alias direct: unknown user ghost")]
    public async Task Unknown_members_of_a_list_are_dropped_with_a_note(string localPart, string expected, string problem)
    {
        var resolver = await ResolverAsync();

        var result = await resolver.ResolveAsync(localPart, None);

        Assert.True(result.Found);
        Assert.Equal(expected, Render(result.Targets));
        Assert.Equal(problem, result.Problem);
    }

    [Theory]
    [InlineData("alice,root!", "", "", "postmaster", "root")]
    [InlineData("alice,root!", "", "", "PostMaster", "root")]
    [InlineData("alice,root!", "", "", "mailer-daemon", "root")]
    [InlineData("alice,root!", "", "", "MAILER-DAEMON", "root")]
    [InlineData("alice,root!", "", "", "postmaster+bounces", "root")]
    [InlineData("alice,root!,bob!", "", "", "postmaster", "root")]
    [InlineData("alice,root!", "alice", "", "postmaster", "alice")]
    [InlineData("alice,root!", "ALICE", "", "postmaster", "alice")]
    [InlineData("alice,root!", "alice@example.com", "", "postmaster", "alice")]
    [InlineData("alice,root!", "ghost", "", "postmaster", "root")]
    [InlineData("alice,bob", "", "", "postmaster", "alice")]
    [InlineData("", "", "", "postmaster", "postmaster")]
    [InlineData("", "admin", "", "mailer-daemon", "postmaster")]
    [InlineData("alice,postmaster,root!", "", "", "postmaster", "postmaster")]
    [InlineData("alice,bob,root!", "", "postmaster: bob", "postmaster", "bob")]
    [InlineData("alice,bob,root!", "alice", "postmaster: bob, remote@remote.example", "postmaster", "bob remote:remote@remote.example")]
    [InlineData("alice,root!", "", "root: postmaster", "root", "root")]
    [InlineData("alice,root!", "", "staff: postmaster, alice", "staff", "root alice")]
    public async Task Postmaster_and_mailer_daemon_always_resolve(string accounts, string defaultPostmaster, string aliases, string localPart, string expected)
    {
        var resolver = await ResolverAsync(aliases, defaultPostmaster: defaultPostmaster, accounts: accounts.Split(',', StringSplitOptions.RemoveEmptyEntries));

        var result = await resolver.ResolveAsync(localPart, None);

        Assert.True(result.Found, result.Problem);
        Assert.Equal(expected, Render(result.Targets));
    }

    [Theory]
    [InlineData("postmaster: mailer-daemon\nmailer-daemon: postmaster", "alias loop: postmaster -> mailer-daemon -> postmaster")]
    [InlineData("postmaster: ghost", "alias postmaster: unknown user ghost")]
    public async Task A_broken_postmaster_alias_still_reaches_someone(string aliases, string problem)
    {
        var resolver = await ResolverAsync(aliases, accounts: ["alice", "root!"]);

        var result = await resolver.ResolveAsync("postmaster", None);

        Assert.True(result.Found);
        Assert.Equal("root", Render(result.Targets));
        Assert.Equal(problem, result.Problem);
    }

    [Fact]
    public async Task An_alias_with_its_own_name_as_target_and_an_account_delivers_there()
    {
        var resolver = await ResolverAsync("alice: alice, bob@remote.example\nbob: alice+copy", accounts: ["alice"]);

        Assert.Equal("alice remote:bob@remote.example", Render((await resolver.ResolveAsync("alice", None)).Targets));
        Assert.Equal("alice remote:bob@remote.example", Render((await resolver.ResolveAsync("bob", None)).Targets));
    }

    [Fact]
    public async Task A_mutual_alias_pair_with_accounts_is_not_a_loop()
    {
        var resolver = await ResolverAsync("a: b\nb: a", accounts: ["a", "b"]);

        var result = await resolver.ResolveAsync("a", None);

        Assert.True(result.Found);
        Assert.Equal("a", Render(result.Targets));
    }

    [Theory]
    [InlineData(20, true)]
    [InlineData(21, false)]
    public async Task Expansion_depth_is_limited_to_20(int aliases, bool found)
    {
        var text = string.Join('\n', Enumerable.Range(0, aliases).Select(i => i == aliases - 1 ? $"d{i}: alice" : $"d{i}: d{i + 1}"));
        var resolver = await ResolverAsync(text, accounts: ["alice"]);

        var result = await resolver.ResolveAsync("d0", None);

        Assert.Equal(found, result.Found);
        if (!found)
        {
            Assert.StartsWith("alias expansion deeper than 20: d0 -> d1", result.Problem);
        }
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public async Task Expansion_is_limited_to_1000_targets(int count, bool found)
    {
        _directory.Write("many.txt", string.Join('\n', Enumerable.Range(0, count).Select(i => $"user{i}@remote.example")));
        var resolver = await ResolverAsync("many: :include:many.txt, user0@remote.example");

        var result = await resolver.ResolveAsync("many", None);

        Assert.Equal(found, result.Found);
        Assert.Equal(found ? count : 0, result.Targets.Count);
        Assert.Equal(found ? null : "alias expansion yields more than 1000 targets", result.Problem);
    }

    [Fact]
    public async Task Fan_out_through_shared_sub_lists_is_expanded_once()
    {
        // 2^20 paths if every sub-list were expanded each time it is met
        var text = string.Join('\n', Enumerable.Range(0, 19).Select(i => $"l{i}: l{i + 1}, l{i + 1}x\nl{i}x: l{i + 1}, l{i + 1}x"))
            + "\nl19: alice\nl19x: bob";
        var resolver = await ResolverAsync(text);

        var result = await resolver.ResolveAsync("l0", None);

        Assert.True(result.Found, result.Problem);
        Assert.Equal("alice bob", Render(result.Targets));
    }

    private async Task<LocalRecipientResolver> ResolverAsync(string aliases = Aliases, string delimiter = "+", string defaultPostmaster = "",
        string[]? accounts = null)
    {
        var source = _directory.Write("aliases", aliases);
        await AliasIndex.CompileAsync(source, None);
        var store = new InMemoryAccountStore(accounts ?? ["root!", "alice", "bob", "carol", "self"]);
        return new LocalRecipientResolver(store, new AliasMaps([source]), IsLocalDomain, delimiter, defaultPostmaster);
    }

    private static bool IsLocalDomain(string domain) => domain is "example.com" or "mail.example.com";

    private static string Render(IEnumerable<DeliveryTarget> targets) => string.Join(' ', targets.Select(target => target switch
    {
        MailboxTarget mailbox => mailbox.Account,
        RemoteTarget remote => "remote:" + remote.Address,
        _ => throw new InvalidOperationException(),
    }));
}
