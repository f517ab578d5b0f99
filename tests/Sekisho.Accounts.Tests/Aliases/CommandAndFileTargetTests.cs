using Sekisho.Accounts.Aliases;
using Sekisho.Accounts.Tests.Support;

namespace Sekisho.Accounts.Tests.Aliases;

/// <summary>
/// <c>|command</c> and <c>/file</c> targets: refused with a warning unless the policy (Postfix's
/// <c>allow_mail_to_commands</c> / <c>allow_mail_to_files</c>) lists where they are written.
/// </summary>
public sealed class CommandAndFileTargetTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("", "pipe: |/usr/bin/procmail, alice", "pipe=[alice]")]
    [InlineData("commands", "pipe: |/usr/bin/procmail, alice", "pipe=[|/usr/bin/procmail][alice]")]
    [InlineData("files", "pipe: |/usr/bin/procmail, alice", "pipe=[alice]")]
    [InlineData("include-commands", "pipe: |/usr/bin/procmail, alice", "pipe=[alice]")]
    [InlineData("commands", "t: \"|/bin/sh -c 'cat > /tmp/out'\"", "t=[|/bin/sh -c 'cat > /tmp/out']")]
    [InlineData("commands", "t: \"| /usr/bin/vacation alice \"", "t=[|/usr/bin/vacation alice]")]
    [InlineData("commands", "t: |/bin/a, |/bin/A, |/bin/a", "t=[|/bin/a][|/bin/A]")]
    [InlineData("commands", "t: \"|a, b\", alice", "t=[|a, b][alice]")]
    [InlineData("", "a: /var/mail/archive", "")]
    [InlineData("files", "a: /var/mail/archive, alice", "a=[/var/mail/archive][alice]")]
    [InlineData("files", "a: /var/mail/Archive, /var/mail/archive", "a=[/var/mail/Archive][/var/mail/archive]")]
    [InlineData("commands", "a: /var/mail/archive, alice", "a=[alice]")]
    [InlineData("commands files", "both: |/bin/cat, /tmp/x, bob", "both=[|/bin/cat][/tmp/x][bob]")]
    public void Targets_are_kept_only_when_allowed(string policy, string text, string expected)
    {
        var result = AliasFileParser.Parse(text, "aliases", _directory.Path, Policies.Parse(policy));

        Assert.Empty(result.Errors);
        Assert.Equal(expected, AliasFileParserTests.Render(result.Entries));
    }

    [Theory]
    [InlineData("", "pipe: |/bin/cat", "aliases:1: alias pipe: delivery to commands is not allowed (dropped |/bin/cat; allow_mail_to_commands does not list alias)")]
    [InlineData("files include-commands", "pipe: |/bin/cat", "aliases:1: alias pipe: delivery to commands is not allowed (dropped |/bin/cat; allow_mail_to_commands does not list alias)")]
    [InlineData("commands", "f: /x/y", "aliases:1: alias f: delivery to files is not allowed (dropped /x/y; allow_mail_to_files does not list alias)")]
    [InlineData("commands", "e: \"|  \", alice", "aliases:1: alias e: empty command (dropped |  )")]
    [InlineData("files", "m: /var/mail/box/, alice", "aliases:1: alias m: delivery to a directory (Maildir) is not supported (dropped /var/mail/box/)")]
    public void Dropped_targets_are_warnings_that_name_the_parameter(string policy, string text, string warning)
    {
        var result = AliasFileParser.Parse(text, "aliases", _directory.Path, Policies.Parse(policy));

        Assert.Empty(result.Errors);
        Assert.Equal(warning, result.Warnings[0]);
    }

    [Theory]
    [InlineData("", "list=[alice]", 2)]
    [InlineData("commands files", "list=[alice]", 2)]
    [InlineData("include-commands", "list=[alice][|/usr/bin/logger]", 1)]
    [InlineData("include-commands include-files", "list=[alice][|/usr/bin/logger][/var/log/list.mbox]", 0)]
    public void Targets_in_include_files_need_include(string policy, string expected, int warnings)
    {
        _directory.Write("list.txt", "alice\n|/usr/bin/logger\n/var/log/list.mbox\n");

        var result = AliasFileParser.Parse("list: :include:list.txt", "aliases", _directory.Path, Policies.Parse(policy));

        Assert.Equal(expected, AliasFileParserTests.Render(result.Entries));
        Assert.Equal(warnings, result.Warnings.Count);
        Assert.All(result.Warnings, warning => Assert.EndsWith("does not list include)", warning));
    }

    [Fact]
    public async Task Compiled_commands_and_files_round_trip_through_the_index()
    {
        var source = _directory.Write("aliases", "tracker: \"|/bin/sh -c 'printf \\\"%s\\\\t\\\" x > /tmp/o'\", /tmp/archive.mbox\n");

        var result = await AliasIndex.CompileAsync(source, Policies.Parse("commands files"), None);

        Assert.Empty(result.Warnings);
        Assert.True(AliasIndex.Load(AliasIndex.IndexPathFor(source)).TryGetTargets("tracker", out var targets));
        Assert.Equal(["|/bin/sh -c 'printf \"%s\\t\" x > /tmp/o'", "/tmp/archive.mbox"], targets);
    }

    [Fact]
    public async Task The_default_compile_still_refuses()
    {
        var source = _directory.Write("aliases", "tracker: |/bin/cat, alice\n");

        var result = await AliasIndex.CompileAsync(source, None);

        Assert.Single(result.Warnings);
        AliasIndex.Load(AliasIndex.IndexPathFor(source)).TryGetTargets("tracker", out var targets);
        Assert.Equal(["alice"], targets);
    }
}
