namespace Sekisho.Config.Tests.Parsing;

/// <summary>main.cf syntax as <c>man 5 postconf</c> describes it.</summary>
public sealed class MainCfSyntaxTests
{
    [Theory]
    [InlineData("mail_name = Foo", "Foo")]
    [InlineData("mail_name=Foo", "Foo")]
    [InlineData("mail_name   =    Foo   ", "Foo")]
    [InlineData("mail_name =\tFoo\t", "Foo")]
    [InlineData("mail_name = Foo Bar", "Foo Bar")]
    [InlineData("mail_name = a=b", "a=b")]
    [InlineData("mail_name =", "")]
    [InlineData("mail_name = Foo # not a comment", "Foo # not a comment")]
    [InlineData("mail_name = Foo\r\n", "Foo")]
    [InlineData("\uFEFFmail_name = Foo", "Foo")]
    public void Whitespace_around_name_and_value_is_trimmed(string text, string expected)
    {
        Assert.Equal(expected, Conf.Parse(text).GetRaw("mail_name"));
    }

    [Theory]
    [InlineData("mail_name = Foo\n  Bar", "Foo Bar")]
    [InlineData("mail_name = Foo\n\tBar\n    Baz", "Foo Bar Baz")]
    [InlineData("mail_name = Foo,\n   Bar  ", "Foo, Bar")]
    [InlineData("mail_name =\n  Foo", "Foo")]
    [InlineData("mail_name = Foo\n# comment\n  Bar", "Foo Bar")]
    [InlineData("mail_name = Foo\n  # indented comment\n  Bar", "Foo Bar")]
    [InlineData("mail_name = Foo\n\n  Bar", "Foo Bar")]
    public void Lines_starting_with_whitespace_continue_the_entry(string text, string expected)
    {
        Assert.Equal(expected, Conf.Parse(text).GetRaw("mail_name"));
    }

    [Theory]
    [InlineData("# comment\nmail_name = Foo", "Foo", 2)]
    [InlineData("   # indented comment\n\nmail_name = Foo", "Foo", 3)]
    [InlineData("mail_name = Foo\nmail_name = Bar", "Bar", 2)]
    [InlineData("mail_name = Foo\n  continued\nmail_name = Bar\n  again", "Bar again", 3)]
    [InlineData("\n\n\nmail_name = Foo\n  continued\n  more", "Foo continued more", 4)]
    public void Comments_blank_lines_and_overrides(string text, string expected, int line)
    {
        var configuration = Conf.Parse(text);
        Assert.Equal(expected, configuration.GetRaw("mail_name"));
        Assert.Equal(line, configuration.LineOf("mail_name"));
        Assert.True(configuration.IsSetInFile("mail_name"));
    }

    [Theory]
    [InlineData("  mail_name = Foo", "sekisho.conf:1: continuation line before any parameter setting")]
    [InlineData("# c\n\n\tmail_name = Foo", "sekisho.conf:3: continuation line before any parameter setting")]
    [InlineData("mail_name = Foo\njust words", "sekisho.conf:2: missing \"=\" in \"just words\"")]
    [InlineData("mail_name = Foo\n\n= Foo", "sekisho.conf:3: missing parameter name before \"=\"")]
    [InlineData("mail-name = Foo", "sekisho.conf:1: bad parameter name \"mail-name\" (use letters, digits and _, or service/inet/name)")]
    [InlineData("mail name = Foo", "sekisho.conf:1: bad parameter name \"mail name\" (use letters, digits and _, or service/inet/name)")]
    public void Malformed_lines_are_errors_with_file_and_line(string text, string message)
    {
        var error = Assert.Throws<ConfigException>(() => Conf.Parse(text));
        Assert.Equal(message, error.Message);
        Assert.Equal("sekisho.conf", error.FileName);
    }

    [Fact]
    public void Unset_parameters_are_not_set_in_file()
    {
        var configuration = Conf.Parse("# nothing");
        Assert.False(configuration.IsSetInFile("mail_name"));
        Assert.Equal(0, configuration.LineOf("mail_name"));
        Assert.Empty(configuration.Warnings);
    }
}
