namespace Sekisho.Config.Tests.Settings;

/// <summary><c>maillog_file</c> (Postfix 3.4+): empty or <c>/dev/stdout</c> keep the log on standard output; a path is made absolute.</summary>
public sealed class MaillogFileSettingTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("maillog_file =", "")]
    [InlineData("maillog_file = /dev/stdout", "/dev/stdout")]
    [InlineData("maillog_file = /var/log/sekisho/maillog", "/var/log/sekisho/maillog")]
    [InlineData("maillog_file = log/maillog", "{base}/log/maillog")]
    [InlineData("maillog_file = $data_directory/maillog\ndata_directory = /srv/sekisho", "/srv/sekisho/maillog")]
    public void The_value_is_read_as_a_path(string text, string expected)
    {
        Assert.Equal(expected.Replace("{base}", Conf.BaseDirectory, StringComparison.Ordinal), Conf.Settings(text).MaillogFile);
    }

    [Fact]
    public void It_is_a_parameter_sekisho_uses()
    {
        var definition = ParameterCatalog.Find("maillog_file");
        Assert.NotNull(definition);
        Assert.True(definition.UsedBySekisho);
        Assert.Equal("", definition.DefaultValue);
    }
}
