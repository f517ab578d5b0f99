using Sekisho.Accounts.Aliases;
using Sekisho.Accounts.Resolution;
using Sekisho.Accounts.Tests.Support;

namespace Sekisho.Accounts.Tests.Resolution;

/// <summary>
/// The resolver turns allowed <c>|command</c> and <c>/file</c> alias targets into <see cref="CommandTarget"/> and
/// <see cref="FileTarget"/>, and checks the policy again: an index compiled while they were allowed stops
/// delivering to them as soon as the configuration refuses them.
/// </summary>
public sealed class CommandAndFileResolutionTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private const string Aliases = """
        tracker: "|/usr/local/bin/track --id 7"
        archive: /var/mail/archive.mbox
        both: alice, |/bin/cat, /tmp/copy
        team: tracker, bob
        lists: tracker, archive
        """;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("commands files", "tracker", "cmd:/usr/local/bin/track --id 7@tracker")]
    [InlineData("commands files", "Tracker", "cmd:/usr/local/bin/track --id 7@tracker")]
    [InlineData("commands files", "archive", "file:/var/mail/archive.mbox@archive")]
    [InlineData("commands files", "both", "alice cmd:/bin/cat@both file:/tmp/copy@both")]
    [InlineData("commands files", "team", "cmd:/usr/local/bin/track --id 7@tracker bob")]
    [InlineData("commands files", "lists", "cmd:/usr/local/bin/track --id 7@tracker file:/var/mail/archive.mbox@archive")]
    [InlineData("include-commands", "tracker", "cmd:/usr/local/bin/track --id 7@tracker")]
    [InlineData("commands", "both", "alice cmd:/bin/cat@both")]
    [InlineData("files", "both", "alice file:/tmp/copy@both")]
    [InlineData("", "both", "alice")]
    [InlineData("", "team", "bob")]
    public async Task Allowed_targets_resolve_with_their_alias(string policy, string localPart, string expected)
    {
        var resolver = await ResolverAsync(compiledWith: "commands files", resolvingWith: policy);

        var result = await resolver.ResolveAsync(localPart, None);

        Assert.True(result.Found, result.Problem);
        Assert.Equal(expected, Render(result.Targets));
    }

    [Theory]
    [InlineData("", "tracker", "alias tracker: delivery to commands is not allowed (dropped |/usr/local/bin/track --id 7; allow_mail_to_commands does not list alias or include)")]
    [InlineData("commands", "archive", "alias archive: delivery to files is not allowed (dropped /var/mail/archive.mbox; allow_mail_to_files does not list alias or include)")]
    public async Task An_alias_left_with_nothing_is_unknown(string policy, string localPart, string problem)
    {
        var resolver = await ResolverAsync(compiledWith: "commands files", resolvingWith: policy);

        var result = await resolver.ResolveAsync(localPart, None);

        Assert.False(result.Found);
        Assert.Empty(result.Targets);
        Assert.Equal(problem, result.Problem);
    }

    [Fact]
    public async Task Dropped_members_are_noted_when_others_remain()
    {
        var resolver = await ResolverAsync(compiledWith: "commands files", resolvingWith: "");

        var result = await resolver.ResolveAsync("both", None);

        Assert.True(result.Found);
        Assert.Equal(
            "alias both: delivery to commands is not allowed (dropped |/bin/cat; allow_mail_to_commands does not list alias or include); " +
            "alias both: delivery to files is not allowed (dropped /tmp/copy; allow_mail_to_files does not list alias or include)",
            result.Problem);
    }

    [Fact]
    public async Task The_old_constructor_refuses()
    {
        var source = _directory.Write("aliases", Aliases);
        await AliasIndex.CompileAsync(source, Policies.Parse("commands files"), None);
        var resolver = new LocalRecipientResolver(new InMemoryAccountStore(["alice", "bob"]), new AliasMaps([source]), _ => false, "", "");

        Assert.False((await resolver.ResolveAsync("tracker", None)).Found);
        Assert.Equal("alice", Render((await resolver.ResolveAsync("both", None)).Targets));
    }

    [Fact]
    public async Task A_postmaster_alias_that_is_only_a_refused_command_still_reaches_someone()
    {
        var source = _directory.Write("aliases", "postmaster: |/usr/bin/ticket\n");
        await AliasIndex.CompileAsync(source, Policies.Parse("commands"), None);
        var resolver = new LocalRecipientResolver(new InMemoryAccountStore(["alice!"]), new AliasMaps([source]), _ => false, "", "",
            AliasTargetPolicy.Refused);

        var result = await resolver.ResolveAsync("postmaster", None);

        Assert.True(result.Found);
        Assert.Equal("alice", Render(result.Targets));
    }

    private async Task<LocalRecipientResolver> ResolverAsync(string compiledWith, string resolvingWith)
    {
        var source = _directory.Write("aliases", Aliases);
        await AliasIndex.CompileAsync(source, Policies.Parse(compiledWith), None);
        var store = new InMemoryAccountStore(["alice", "bob"]);
        return new LocalRecipientResolver(store, new AliasMaps([source]), domain => domain == "example.com", "+", "", Policies.Parse(resolvingWith));
    }

    private static string Render(IEnumerable<DeliveryTarget> targets) => string.Join(' ', targets.Select(target => target switch
    {
        MailboxTarget mailbox => mailbox.Account,
        RemoteTarget remote => "remote:" + remote.Address,
        CommandTarget command => $"cmd:{command.Command}@{command.Alias}",
        FileTarget file => $"file:{file.Path}@{file.Alias}",
        _ => throw new InvalidOperationException(),
    }));
}
