using Sekisho.Accounts.Aliases;
using Sekisho.Accounts.Tests.Support;

namespace Sekisho.Accounts.Tests.Aliases;

public sealed class AliasFileParserTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("alice: bob", "alice=[bob]")]
    [InlineData("alice:bob", "alice=[bob]")]
    [InlineData("alice : bob", "alice=[bob]")]
    [InlineData("Postmaster: Root", "postmaster=[Root]")]
    [InlineData("staff: alice, bob ,carol,", "staff=[alice][bob][carol]")]
    [InlineData("staff: alice, alice, ALICE", "staff=[alice]")]
    [InlineData("fwd: bob@example.org, carol@EXAMPLE.org", "fwd=[bob@example.org][carol@EXAMPLE.org]")]
    [InlineData("staff: alice,\n  bob,\n\tcarol", "staff=[alice][bob][carol]")]
    [InlineData("staff: alice\n  , bob", "staff=[alice][bob]")]
    [InlineData("staff: alice,\r\n  bob\r\nroot: alice\r\n", "staff=[alice][bob] root=[alice]")]
    [InlineData("# comment\n\nalice: bob\n   \n# another\nroot: alice", "alice=[bob] root=[alice]")]
    [InlineData("staff: alice,\n# a comment between continuation lines\n  bob", "staff=[alice][bob]")]
    [InlineData("staff: alice,\n  # an indented comment\n  bob", "staff=[alice][bob]")]
    [InlineData("\"John Doe\": john", "john doe=[john]")]
    [InlineData("\"x:y\": john", "x:y=[john]")]
    [InlineData("list: \"a, b\"@example.org, \"c d\"", "list=[\"a, b\"@example.org][c d]")]
    [InlineData("list: \"say \\\"hi\\\"\"", "list=[say \"hi\"]")]
    [InlineData("root: \\root, alice", "root=[\\root][alice]")]
    [InlineData("alice: bob\nALICE: carol", "alice=[bob]")]
    [InlineData("", "")]
    public void Parse_reads_entries(string text, string expected)
    {
        var result = AliasFileParser.Parse(text, "aliases", _directory.Path);

        Assert.Empty(result.Errors);
        Assert.Equal(expected, Render(result.Entries));
    }

    [Theory]
    [InlineData("alice: bob\n\nstaff: a,\n  b", 1, 3)]
    [InlineData("# c\nalice:\n  bob", 2)]
    public void Entries_know_their_file_and_first_line(string text, params int[] lines)
    {
        var result = AliasFileParser.Parse(text, "/etc/aliases", _directory.Path);

        Assert.Equal(lines, result.Entries.Select(entry => entry.Line));
        Assert.All(result.Entries, entry => Assert.Equal("/etc/aliases", entry.FileName));
    }

    [Theory]
    [InlineData("alice: bob\nno colon here", "aliases:2: missing colon")]
    [InlineData("alice bob", "aliases:1: missing colon")]
    [InlineData("root: alice\n\n# c\nstaff alice,\n  bob", "aliases:4: missing colon")]
    [InlineData(": bob", "aliases:1: empty alias name")]
    [InlineData("\"unterminated: bob", "aliases:1: unterminated quoted alias name")]
    [InlineData("\"john\" bob", "aliases:1: missing colon")]
    [InlineData("list: \"a, b", "aliases:1: alias list: unterminated quoted string")]
    [InlineData("list: alice bob", "aliases:1: alias list: target \"alice bob\" contains white space")]
    [InlineData("list: :include:", "aliases:1: alias list: :include: without a file name")]
    [InlineData("list: :include:missing.txt", "aliases:1: alias list: cannot read :include: file")]
    public void Parse_reports_errors_with_file_and_line(string text, string expected)
    {
        var result = AliasFileParser.Parse(text, "aliases", _directory.Path);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith(expected, error);
    }

    [Theory]
    [InlineData("pipe: |/usr/bin/procmail, alice", "pipe=[alice]", "aliases:1: alias pipe: delivery to commands is not allowed (dropped |/usr/bin/procmail; allow_mail_to_commands does not list alias)")]
    [InlineData("pipe: \"|/usr/bin/vacation alice\", alice", "pipe=[alice]", "aliases:1: alias pipe: delivery to commands is not allowed (dropped |/usr/bin/vacation alice;")]
    [InlineData("x: alice\nfile: alice,\n  /var/spool/mail/archive", "x=[alice] file=[alice]", "aliases:2: alias file: delivery to files is not allowed (dropped /var/spool/mail/archive; allow_mail_to_files does not list alias)")]
    [InlineData("only: |/bin/cat", "", "aliases:1: alias only: delivery to commands is not allowed")]
    [InlineData("alice: bob\nAlice: carol", "alice=[bob]", "aliases:2: duplicate alias alice (first defined on line 1); entry ignored")]
    [InlineData("  alice\nroot: bob", "root=[bob]", "aliases:1: continuation line without a preceding entry; ignored")]
    [InlineData("empty:", "", "aliases:1: alias empty: no deliverable targets; entry ignored")]
    public void Parse_warns_and_goes_on(string text, string expected, string warning)
    {
        var result = AliasFileParser.Parse(text, "aliases", _directory.Path);

        Assert.Empty(result.Errors);
        Assert.Equal(expected, Render(result.Entries));
        Assert.Contains(result.Warnings, message => message.StartsWith(warning, StringComparison.Ordinal));
    }

    [Fact]
    public void A_dropped_command_target_names_the_target()
    {
        var result = AliasFileParser.Parse("pipe: |/usr/bin/procmail", "aliases", _directory.Path);

        Assert.Contains(result.Warnings, message => message.Contains("|/usr/bin/procmail"));
    }

    [Theory]
    [InlineData("staff: :include:staff.txt", "staff=[alice][bob@example.org][carol][d e]")]
    [InlineData("staff: root, :include:staff.txt, alice", "staff=[root][alice][bob@example.org][carol][d e]")]
    [InlineData("staff: \":include:staff.txt\"", "staff=[alice][bob@example.org][carol][d e]")]
    [InlineData("staff: :INCLUDE: staff.txt", "staff=[alice][bob@example.org][carol][d e]")]
    [InlineData("all: :include:lists/all.txt", "all=[alice][bob@example.org][carol][d e][zed]")]
    public void Include_files_are_read_relative_to_the_aliases_folder(string text, string expected)
    {
        _directory.Write("staff.txt", "# staff\nalice, bob@example.org\n\ncarol\r\n\"d e\"\n");
        _directory.Write("lists/all.txt", ":include:../staff.txt\nzed\n");

        var result = AliasFileParser.Parse(text, "aliases", _directory.Path);

        Assert.Empty(result.Errors);
        Assert.Equal(expected, Render(result.Entries));
    }

    [Fact]
    public void Include_files_take_absolute_paths()
    {
        var list = _directory.Write("elsewhere/list.txt", "alice\n");

        var result = AliasFileParser.Parse($"list: :include:{list}", "aliases", "/nonexistent");

        Assert.Equal("list=[alice]", Render(result.Entries));
    }

    [Fact]
    public void Command_targets_in_include_files_are_dropped_with_the_include_file_line()
    {
        var list = _directory.Write("list.txt", "alice\n|/bin/sh -c evil\n");

        var result = AliasFileParser.Parse("list: :include:list.txt", "aliases", _directory.Path);

        Assert.Equal("list=[alice]", Render(result.Entries));
        Assert.Equal($"{list}:2: alias list: delivery to commands is not allowed (dropped |/bin/sh -c evil; allow_mail_to_commands does not list include)",
            Assert.Single(result.Warnings));
    }

    [Fact]
    public void A_missing_include_file_is_an_error_at_the_line_that_names_it()
    {
        var result = AliasFileParser.Parse("root: alice\nlist:\n  alice,\n  :include:/no/such/file", "/etc/aliases", _directory.Path);

        Assert.Equal("/etc/aliases:2: alias list: cannot read :include: file /no/such/file: no such file", Assert.Single(result.Errors));
    }

    [Fact]
    public void Include_loops_are_errors()
    {
        _directory.Write("a.txt", ":include:b.txt\n");
        _directory.Write("b.txt", "alice, :include:a.txt\n");

        var result = AliasFileParser.Parse("list: :include:a.txt", "aliases", _directory.Path);

        Assert.Contains("include loop", Assert.Single(result.Errors));
    }

    [Fact]
    public void Include_nesting_is_limited()
    {
        for (var i = 0; i < 15; i++)
        {
            _directory.Write($"n{i}.txt", $"user{i}, :include:n{i + 1}.txt\n");
        }
        _directory.Write("n15.txt", "last\n");

        var result = AliasFileParser.Parse("deep: :include:n0.txt", "aliases", _directory.Path);

        Assert.Contains("nested more than 10 deep", Assert.Single(result.Errors));
    }

    [Fact]
    public void ParseFile_reads_the_file_and_resolves_includes_next_to_it()
    {
        _directory.Write("etc/staff.txt", "alice\nbob\n");
        var path = _directory.Write("etc/aliases", "staff: :include:staff.txt\n");

        var result = AliasFileParser.ParseFile(path);

        Assert.Equal("staff=[alice][bob]", Render(result.Entries));
        Assert.Equal(path, result.Entries[0].FileName);
    }

    [Fact]
    public void ParseFile_reports_a_missing_file_as_an_error()
    {
        var path = _directory.Combine("nope");

        var result = AliasFileParser.ParseFile(path);

        Assert.Equal($"{path}: cannot read aliases file: no such file", Assert.Single(result.Errors));
    }

    internal static string Render(IEnumerable<AliasEntry> entries) =>
        string.Join(" ", entries.Select(entry => entry.Name + "=" + string.Concat(entry.Targets.Select(target => $"[{target}]"))));
}
