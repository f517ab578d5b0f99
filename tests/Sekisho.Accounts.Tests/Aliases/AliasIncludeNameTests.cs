using Sekisho.Accounts.Aliases;
using Sekisho.Accounts.Tests.Support;

namespace Sekisho.Accounts.Tests.Aliases;

/// <summary>
/// Found by fuzzing (fuzz/regressions/aliases): an <c>:include:</c> file name with a NUL character made
/// <c>Path.GetFullPath</c> throw ArgumentException out of the parser. It is now an error of that line.
/// </summary>
public sealed class AliasIncludeNameTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("list: :include:a\0b", "aliases:1: alias list: :include: file name with a NUL character")]
    [InlineData("root: alice\nlist: bob, :include:\0", "aliases:2: alias list: :include: file name with a NUL character")]
    [InlineData("list: \":include:x\0\"", "aliases:1: alias list: :include: file name with a NUL character")]
    public void A_nul_in_the_file_name_is_an_error_of_the_line(string text, string expected)
    {
        var result = AliasFileParser.Parse(text, "aliases", _directory.Path);

        Assert.Equal(expected, Assert.Single(result.Errors));
    }
}
