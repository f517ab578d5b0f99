namespace Sekisho.Config.Tests.Parsing;

/// <summary>
/// Found by fuzzing (fuzz/regressions/main-cf): a NUL character in a value that names a file (<c>mydestination = a/\0b</c>,
/// <c>myorigin = /etc/\0mailname</c>, any path parameter) made <c>Path.GetFullPath</c> throw ArgumentException out of
/// the settings. The parser now refuses a NUL in any setting line, with its file and line.
/// </summary>
public sealed class MainCfNulCharacterTests
{
    [Theory]
    [InlineData("mydestination = a/\0b", "sekisho.conf:1: NUL character in a setting (is this a text file?)")]
    [InlineData("mail_name = Foo\nmyorigin = /etc/\0mailname", "sekisho.conf:2: NUL character in a setting (is this a text file?)")]
    [InlineData("mail_name = Foo\n  continued \0", "sekisho.conf:2: NUL character in a setting (is this a text file?)")]
    [InlineData("\0", "sekisho.conf:1: NUL character in a setting (is this a text file?)")]
    public void A_nul_in_a_setting_is_an_error_with_file_and_line(string text, string message)
    {
        var error = Assert.Throws<ConfigException>(() => Conf.Parse(text));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_nul_in_a_comment_is_ignored() =>
        Assert.Equal("Foo", Conf.Parse("# a \0 in a comment\nmail_name = Foo").GetRaw("mail_name"));
}
