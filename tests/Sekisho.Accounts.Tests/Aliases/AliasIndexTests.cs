using System.Text;
using Sekisho.Accounts.Aliases;
using Sekisho.Accounts.Tests.Support;

namespace Sekisho.Accounts.Tests.Aliases;

public sealed class AliasIndexTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("/etc/aliases", "/etc/aliases.db")]
    [InlineData("/etc/sekisho/aliases", "/etc/sekisho/aliases.db")]
    [InlineData("aliases", "aliases.db")]
    public void IndexPathFor_appends_db_like_postfix_hash_tables(string source, string expected)
    {
        Assert.Equal(expected, AliasIndex.IndexPathFor(source));
    }

    [Theory]
    [InlineData("postmaster", "root")]
    [InlineData("POSTMASTER", "root")]
    [InlineData("staff", "alice|bob@example.org|carol")]
    [InlineData("john doe", "john")]
    [InlineData("odd", "a\tb|back\\slash|\"q, r\"@example.org")]
    [InlineData("root", null)]
    public async Task Compile_then_Load_round_trips(string name, string? expected)
    {
        _directory.Write("staff.txt", "carol\n");
        var source = _directory.Write("aliases", """
            # test aliases
            postmaster: root
            staff: alice, bob@example.org,
              :include:staff.txt
            "John Doe": john
            odd: "a	b", "back\\slash", "q, r"@example.org
            """);

        await AliasIndex.CompileAsync(source, None);
        var index = AliasIndex.Load(AliasIndex.IndexPathFor(source));

        Assert.Equal(4, index.Count);
        Assert.Equal(expected is not null, index.TryGetTargets(name, out var targets));
        Assert.Equal(expected ?? "", string.Join('|', targets));
    }

    [Fact]
    public async Task The_index_is_versioned_text_with_a_trailer()
    {
        var source = _directory.Write("aliases", "root: alice, bob\n");

        await AliasIndex.CompileAsync(source, None);

        Assert.Equal("SEKISHO-ALIASES 1\nroot\talice\tbob\nEND 1\n", File.ReadAllText(source + ".db"));
        Assert.Equal(["aliases", "aliases.db"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Compile_returns_the_warnings()
    {
        var source = _directory.Write("aliases", "root: alice, |/bin/cat\n");

        var result = await AliasIndex.CompileAsync(source, None);

        Assert.Contains("delivery to commands is not allowed", Assert.Single(result.Warnings));
        Assert.True(AliasIndex.Load(source + ".db").TryGetTargets("root", out var targets));
        Assert.Equal(["alice"], targets);
    }

    [Fact]
    public async Task Compile_with_errors_throws_all_of_them_and_keeps_the_old_index()
    {
        var source = _directory.Write("aliases", "root: alice\n");
        await AliasIndex.CompileAsync(source, None);
        File.WriteAllText(source, "root: bob\nbroken line\nlist: :include:missing\nother broken\n");

        var exception = await Assert.ThrowsAsync<AliasException>(() => AliasIndex.CompileAsync(source, None));

        Assert.Equal(3, exception.Message.Split('\n').Length);
        Assert.Contains($"{source}:2: missing colon", exception.Message);
        Assert.Contains($"{source}:3: alias list: cannot read :include: file", exception.Message);
        Assert.Contains($"{source}:4: missing colon", exception.Message);
        AliasIndex.Load(source + ".db").TryGetTargets("root", out var targets);
        Assert.Equal(["alice"], targets);
    }

    [Fact]
    public async Task Compile_of_a_missing_file_throws()
    {
        var exception = await Assert.ThrowsAsync<AliasException>(() => AliasIndex.CompileAsync(_directory.Combine("nope"), None));

        Assert.Contains("cannot read aliases file", exception.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("root: alice\n")]
    [InlineData("SEKISHO-ALIASES 2\nEND 0\n")]
    [InlineData("SEKISHO-ALIASES 1\nroot\talice\n")]
    [InlineData("SEKISHO-ALIASES 1\nroot\talice\nEND 2\n")]
    [InlineData("SEKISHO-ALIASES 1\nroot\talice\nEND 1")]
    [InlineData("SEKISHO-ALIASES 1\nroot\nEND 1\n")]
    [InlineData("SEKISHO-ALIASES 1\nroot\talice\nroot\tbob\nEND 2\n")]
    [InlineData("SEKISHO-ALIASES 1\nEND 0\nroot\talice\n")]
    [InlineData("\0\u0006\u0015\u0061\0\0\0\u0002")] // a Berkeley DB hash file starts like this
    public void Load_refuses_foreign_or_damaged_files(string contents)
    {
        var path = _directory.Combine("aliases.db");
        File.WriteAllText(path, contents, new UTF8Encoding(false));

        var exception = Assert.Throws<AliasException>(() => AliasIndex.Load(path));

        Assert.StartsWith(path, exception.Message);
    }

    [Fact]
    public void Load_of_a_missing_file_throws()
    {
        var path = _directory.Combine("aliases.db");

        var exception = Assert.Throws<AliasException>(() => AliasIndex.Load(path));

        Assert.Equal($"{path}: cannot read alias index: no such file", exception.Message);
    }

    [Fact]
    public void An_empty_index_loads()
    {
        var path = _directory.Write("aliases.db", "SEKISHO-ALIASES 1\nEND 0\n");

        Assert.Equal(0, AliasIndex.Load(path).Count);
    }
}
