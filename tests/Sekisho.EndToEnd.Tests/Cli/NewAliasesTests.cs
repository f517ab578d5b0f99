using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Cli;

/// <summary>
/// <c>sekisho newaliases</c> against a running <c>sekisho serve</c>: the admin edits the aliases file, runs newaliases,
/// and the server follows within a second, without a restart. Postmaster always works; commands are refused; errors say FILE:LINE.
/// </summary>
public sealed class NewAliasesTests
{
    private const int DataError = 65;

    /// <summary>For newaliases runs without a server: aliases in ./aliases.</summary>
    private const string OfflineConfig = "myhostname = mx.example.test\ndata_directory = data\nalias_maps = hash:aliases\nalias_database = $alias_maps\n";

    /// <summary>The server checks the index at most once a second; give it a little more.</summary>
    private static readonly TimeSpan PickUpDelay = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task A_changed_aliases_file_takes_effect_without_a_restart()
    {
        await using var site = await ServedSite.StartAsync("*alice", "bob");

        var (exitCode, stdout, stderr) = await site.NewAliasesAsync("# sales team\nsales: alice, bob\n");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal($"sekisho: {site.AliasesPath}.db: 1 aliases\n", stdout);
        Assert.Equal("", stderr);
        await Task.Delay(PickUpDelay);
        Assert.Equal("250 2.1.5 Ok", await site.SendAsync("sales@example.test", "first"));
        await site.WaitForMessagesAsync("alice", 1);
        await site.WaitForMessagesAsync("bob", 1);
        Assert.Equal(["first"], site.SubjectsOf("alice"));
        Assert.Equal(["first"], site.SubjectsOf("bob"));

        (exitCode, stdout, stderr) = await site.NewAliasesAsync("# sales team\nsales: bob\n");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal($"sekisho: {site.AliasesPath}.db: 1 aliases\n", stdout);
        await Task.Delay(PickUpDelay);
        Assert.Equal("250 2.1.5 Ok", await site.SendAsync("sales@example.test", "second"));
        await site.WaitForMessagesAsync("bob", 2);
        Assert.Equal(["first", "second"], site.SubjectsOf("bob"));
        Assert.Equal(["first"], site.SubjectsOf("alice"));
        Assert.True(site.Server.IsRunning);
        Assert.Single(site.Server.Output, line => line.Contains("daemon started", StringComparison.Ordinal)); // never restarted
    }

    [Fact]
    public async Task Postmaster_and_mailer_daemon_always_resolve_to_the_first_admin()
    {
        await using var site = await ServedSite.StartAsync("bob", "*alice", "*carol"); // no aliases file at all

        Assert.Equal("250 2.1.5 Ok", await site.SendAsync("postmaster@example.test", "to postmaster"));
        Assert.Equal("250 2.1.5 Ok", await site.SendAsync("mailer-daemon@example.test", "to mailer-daemon"));
        Assert.Equal("250 2.1.5 Ok", await site.SendAsync("postmaster", "to bare postmaster"));
        Assert.Equal("250 2.1.5 Ok", await site.SendAsync("PostMaster@EXAMPLE.TEST", "to PostMaster"));

        await site.WaitForMessagesAsync("alice", 4);
        Assert.Equal(["to PostMaster", "to bare postmaster", "to mailer-daemon", "to postmaster"], site.SubjectsOf("alice"));
        Assert.Empty(site.MessagesOf("bob"));
        Assert.Empty(site.MessagesOf("carol"));
    }

    [Fact]
    public async Task Command_targets_are_dropped_with_a_warning_and_the_rest_works()
    {
        await using var site = await ServedSite.CreateAsync("*alice", "bob");

        var marker = site.Directory["cmd-ran"];

        var (exitCode, stdout, stderr) = await site.NewAliasesAsync($"""
            sales: alice, bob
            log: |/bin/cmd, bob
            touch: "|/usr/bin/touch {marker}", alice
            archive: /var/mail/archive
            """);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal($"sekisho: {site.AliasesPath}.db: 3 aliases\n", stdout);
        Assert.Equal($"""
            sekisho: warning: {site.AliasesPath}:2: alias log: delivery to commands is not allowed (dropped |/bin/cmd; allow_mail_to_commands does not list alias)
            sekisho: warning: {site.AliasesPath}:3: alias touch: delivery to commands is not allowed (dropped |/usr/bin/touch {marker}; allow_mail_to_commands does not list alias)
            sekisho: warning: {site.AliasesPath}:4: alias archive: delivery to files is not allowed (dropped /var/mail/archive; allow_mail_to_files does not list alias)
            sekisho: warning: {site.AliasesPath}:4: alias archive: no deliverable targets; entry ignored

            """, stderr);
        await site.StartServerAsync();

        Assert.Equal("250 2.1.5 Ok", await site.SendAsync("log@example.test", "log"));
        Assert.Equal("250 2.1.5 Ok", await site.SendAsync("sales@example.test", "sales"));
        Assert.Equal("250 2.1.5 Ok", await site.SendAsync("touch@example.test", "touch"));
        Assert.Equal("550 5.1.1 <archive@example.test>: Recipient address rejected: User unknown", await site.SendAsync("archive@example.test", "archive"));

        await site.WaitForMessagesAsync("bob", 2);
        await site.WaitForMessagesAsync("alice", 2);
        Assert.Equal(["log", "sales"], site.SubjectsOf("bob"));
        Assert.Equal(["sales", "touch"], site.SubjectsOf("alice"));
        Assert.False(File.Exists(marker), "the command of an alias ran");
    }

    [Fact]
    public async Task An_alias_loop_is_refused_as_user_unknown()
    {
        await using var site = await ServedSite.CreateAsync("*alice");
        var (exitCode, stdout, stderr) = await site.NewAliasesAsync("a: b\nb: a\n"); // not a syntax error: newaliases accepts it, as Postfix's does
        Assert.True(exitCode == 0, stderr);
        Assert.Equal($"sekisho: {site.AliasesPath}.db: 2 aliases\n", stdout);
        await site.StartServerAsync();

        Assert.Equal("550 5.1.1 <a@example.test>: Recipient address rejected: User unknown", await site.SendAsync("a@example.test", "loop"));
        Assert.Equal("550 5.1.1 <b@example.test>: Recipient address rejected: User unknown", await site.SendAsync("b@example.test", "loop"));
        Assert.Empty(site.MessagesOf("alice"));
        Assert.True(site.Server.IsRunning);
    }

    [Theory]
    [InlineData("sales: alice\nsupport alice, bob\n", 2, "missing colon after alias name (expected \"name: target, ...\"): support alice, bob")]
    [InlineData("# team\n\nsales: alice bob\n", 3, "alias sales: target \"alice bob\" contains white space; separate targets with commas or quote them")]
    [InlineData("sales: alice,\n  \"bob\n", 1, "alias sales: unterminated quoted string")]
    public async Task A_syntax_error_fails_with_file_and_line_and_keeps_the_old_index(string aliases, int line, string problem)
    {
        using var dir = new TempDirectory();
        var config = dir.Write("sekisho.conf", OfflineConfig);
        dir.Write("aliases", "old: alice\n");
        Assert.Equal(0, (await SekishoProcess.RunAsync(dir.Path, null, "newaliases", "--config", config)).ExitCode);
        var oldIndex = File.ReadAllBytes(dir["aliases.db"]);
        dir.Write("aliases", aliases);

        var (exitCode, stdout, stderr) = await SekishoProcess.RunAsync(dir.Path, null, "newaliases", "--config", config);

        Assert.Equal(DataError, exitCode);
        Assert.Equal($"sekisho: fatal: {dir["aliases"]}:{line}: {problem}\n", stderr);
        Assert.Equal("", stdout);
        Assert.Equal(oldIndex, File.ReadAllBytes(dir["aliases.db"]));
    }

    [Fact]
    public async Task A_missing_aliases_file_is_an_error()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("sekisho.conf", OfflineConfig);

        var (exitCode, stdout, stderr) = await SekishoProcess.RunAsync(dir.Path, null, "newaliases", "--config", config);

        Assert.Equal(DataError, exitCode);
        Assert.Equal($"sekisho: fatal: {dir["aliases"]}: no such file\n", stderr);
        Assert.Equal("", stdout);
        Assert.False(File.Exists(dir["aliases.db"]));
    }
}
