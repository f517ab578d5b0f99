using System.Text;
using Sekisho.Accounts;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Cli;

/// <summary><c>sekisho user add|del|passwd|list</c> as a process: accounts, their Maildirs, and passwords that never leave a trace.</summary>
public sealed class UserCommandTests
{
    private const int UsageError = 64;
    private const int DataError = 65;

    private static string WriteConfig(TempDirectory dir) =>
        dir.Write("sekisho-test.cf", "myhostname = mx.example.test\ndata_directory = data\nalias_maps = hash:aliases\nalias_database = $alias_maps\n");

    private static Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(TempDirectory dir, string? stdin, params string[] args) =>
        SekishoProcess.RunAsync(dir.Path, stdin, [.. args, "--config", dir["sekisho-test.cf"]]);

    private static async Task<bool> PasswordMatchesAsync(TempDirectory dir, string account, string password)
    {
        await using var store = new SqliteAccountStore(dir["data/accounts.db"]);
        return await store.VerifyPasswordAsync(account, password, CancellationToken.None);
    }

    [Fact]
    public async Task Add_creates_the_account_and_its_maildir_and_list_shows_it()
    {
        using var dir = new TempDirectory();
        WriteConfig(dir);

        var (exitCode, stdout, stderr) = await RunAsync(dir, "pw\n", "user", "add", "carol", "--password-stdin");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal($"sekisho: account carol added; mailbox {dir["data/mail/carol"]}/\n", stdout);
        foreach (var sub in new[] { "tmp", "new", "cur" })
        {
            Assert.True(Directory.Exists(dir[$"data/mail/carol/{sub}"]), $"missing data/mail/carol/{sub}");
        }
        Assert.Equal(0, (await RunAsync(dir, "s3cret\n", "user", "add", "Dave", "--admin", "--password-stdin")).ExitCode);
        Assert.True(Directory.Exists(dir["data/mail/dave/new"]), "an upper-case name is folded to lower case");

        (exitCode, stdout, _) = await RunAsync(dir, null, "user", "list");

        Assert.Equal(0, exitCode);
        var lines = TempDirectory.Lines(stdout);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^carol\tuser\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", lines[0]);
        Assert.Matches(@"^dave\tadmin\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", lines[1]);
        Assert.True(await PasswordMatchesAsync(dir, "carol", "pw"));
    }

    [Theory]
    [InlineData("carol")]
    [InlineData("CAROL")]
    public async Task Adding_an_existing_account_fails_and_keeps_the_first(string again)
    {
        using var dir = new TempDirectory();
        WriteConfig(dir);
        Assert.Equal(0, (await RunAsync(dir, "first\n", "user", "add", "carol", "--password-stdin")).ExitCode);

        var (exitCode, stdout, stderr) = await RunAsync(dir, "second\n", "user", "add", again, "--password-stdin");

        Assert.Equal(DataError, exitCode);
        Assert.Equal("sekisho: account carol already exists\n", stderr);
        Assert.Equal("", stdout);
        Assert.Single(TempDirectory.Lines((await RunAsync(dir, null, "user", "list")).StdOut));
        Assert.True(await PasswordMatchesAsync(dir, "carol", "first"));
    }

    [Fact]
    public async Task Passwd_changes_the_password_and_del_removes_the_account_but_keeps_the_maildir()
    {
        using var dir = new TempDirectory();
        WriteConfig(dir);
        Assert.Equal(0, (await RunAsync(dir, "old-password\n", "user", "add", "carol", "--password-stdin")).ExitCode);

        var (exitCode, stdout, stderr) = await RunAsync(dir, "new-password\n", "user", "passwd", "carol", "--password-stdin");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("sekisho: password of carol changed\n", stdout);
        Assert.False(await PasswordMatchesAsync(dir, "carol", "old-password"));
        Assert.True(await PasswordMatchesAsync(dir, "carol", "new-password"));

        (exitCode, stdout, stderr) = await RunAsync(dir, null, "user", "del", "carol");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("sekisho: account carol deleted (its Maildir is kept)\n", stdout);
        Assert.Equal("", (await RunAsync(dir, null, "user", "list")).StdOut);
        Assert.True(Directory.Exists(dir["data/mail/carol/new"]));

        (exitCode, _, stderr) = await RunAsync(dir, null, "user", "del", "carol");
        Assert.Equal(DataError, exitCode);
        Assert.Equal("sekisho: carol: no such account\n", stderr);

        (exitCode, _, stderr) = await RunAsync(dir, "pw\n", "user", "passwd", "carol", "--password-stdin");
        Assert.Equal(DataError, exitCode);
        Assert.Equal("sekisho: carol: no such account\n", stderr);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData(".hidden")]
    [InlineData("-dash")]
    [InlineData("../escape")]
    [InlineData("ünïcödé")]
    [InlineData("")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789g1234")] // 65 characters
    public async Task Invalid_names_are_rejected_and_nothing_is_created(string name)
    {
        using var dir = new TempDirectory();
        WriteConfig(dir);

        var (exitCode, stdout, stderr) = await RunAsync(dir, "pw\n", "user", "add", name, "--password-stdin");

        Assert.Equal(DataError, exitCode);
        Assert.Equal($"sekisho: invalid account name '{name}': use 1-64 characters of a-z, 0-9, '.', '_', '-', not starting with '.' or '-'\n", stderr);
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(dir["data/mail"]) && Directory.EnumerateFileSystemEntries(dir["data/mail"]).Any(), "a Maildir was created");
        Assert.False(Directory.Exists(dir["escape"]) || Directory.Exists(dir["data/escape"]), "a folder was created outside data/mail");
    }

    [Fact]
    public async Task The_password_is_never_stored_in_plaintext()
    {
        using var dir = new TempDirectory();
        WriteConfig(dir);
        const string first = "Correct-Horse-Battery-Staple-4711";
        const string second = "Tr0ub4dor&3-Another-Passphrase";

        Assert.Equal(0, (await RunAsync(dir, first + "\n", "user", "add", "carol", "--password-stdin")).ExitCode);
        Assert.Equal(0, (await RunAsync(dir, second + "\n", "user", "passwd", "carol", "--password-stdin")).ExitCode);

        var files = Directory.GetFiles(dir["data"], "accounts.db*");
        Assert.Contains(dir["data/accounts.db"], files);
        foreach (var file in files) // the database and any -wal/-journal file next to it
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var password in new[] { first, second })
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(password)) < 0, $"{Path.GetFileName(file)} holds {password} in UTF-8");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(password)) < 0, $"{Path.GetFileName(file)} holds {password} in UTF-16");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(password)))) < 0,
                    $"{Path.GetFileName(file)} holds {password} in base64");
            }
        }
        Assert.True(await PasswordMatchesAsync(dir, "carol", second));
    }

    [Theory]
    [InlineData("add", "")]
    [InlineData("add", "\n")]
    [InlineData("passwd", "")]
    public async Task Password_stdin_without_a_password_is_a_usage_error(string verb, string stdin)
    {
        using var dir = new TempDirectory();
        WriteConfig(dir);
        if (verb == "passwd")
        {
            Assert.Equal(0, (await RunAsync(dir, "kept\n", "user", "add", "carol", "--password-stdin")).ExitCode);
        }

        var (exitCode, stdout, stderr) = await RunAsync(dir, stdin, "user", verb, "carol", "--password-stdin");

        Assert.Equal(UsageError, exitCode);
        Assert.Equal("sekisho: no password given\n", stderr);
        Assert.Equal("", stdout);
        if (verb == "add")
        {
            Assert.Equal("", (await RunAsync(dir, null, "user", "list")).StdOut);
            Assert.False(Directory.Exists(dir["data/mail/carol"]));
        }
        else
        {
            Assert.True(await PasswordMatchesAsync(dir, "carol", "kept"));
        }
    }
}
