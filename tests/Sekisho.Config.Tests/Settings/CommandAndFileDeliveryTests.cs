namespace Sekisho.Config.Tests.Settings;

/// <summary>
/// <c>allow_mail_to_commands</c>, <c>allow_mail_to_files</c>, <c>default_privs</c> and <c>command_time_limit</c>:
/// Postfix names and values, but delivery to commands and files is refused unless the admin lists a source.
/// </summary>
public sealed class CommandAndFileDeliveryTests
{
    [Fact]
    public void Commands_and_files_are_refused_by_default()
    {
        var settings = Conf.Settings();
        Assert.Equal((false, false, false, false),
            (settings.AllowMailToCommands, settings.AllowMailToCommandsFromIncludes, settings.AllowMailToFiles, settings.AllowMailToFilesFromIncludes));
        Assert.Equal("nobody", settings.DefaultPrivs);
        Assert.Equal(TimeSpan.FromSeconds(1000), settings.CommandTimeLimit);
        Assert.Empty(settings.Warnings);
    }

    [Theory]
    [InlineData("", false, false)]
    [InlineData("alias", true, false)]
    [InlineData("include", false, true)]
    [InlineData("alias, forward", true, false)]
    [InlineData("forward", false, false)]
    [InlineData("alias include", true, true)]
    [InlineData("Alias,INCLUDE,alias", true, true)]
    public void Allow_mail_to_commands_lists_sources(string value, bool alias, bool include)
    {
        var settings = Conf.Settings($"allow_mail_to_commands = {value}");
        Assert.Equal((alias, include), (settings.AllowMailToCommands, settings.AllowMailToCommandsFromIncludes));
        Assert.Equal((false, false), (settings.AllowMailToFiles, settings.AllowMailToFilesFromIncludes));
    }

    [Theory]
    [InlineData("", false, false)]
    [InlineData("alias", true, false)]
    [InlineData("include", false, true)]
    [InlineData("alias, forward, include", true, true)]
    public void Allow_mail_to_files_lists_sources(string value, bool alias, bool include)
    {
        var settings = Conf.Settings($"allow_mail_to_files = {value}");
        Assert.Equal((alias, include), (settings.AllowMailToFiles, settings.AllowMailToFilesFromIncludes));
        Assert.Equal((false, false), (settings.AllowMailToCommands, settings.AllowMailToCommandsFromIncludes));
    }

    [Fact]
    public void Lists_may_come_from_other_parameters()
    {
        var settings = Conf.Settings("allow_mail_to_commands = alias", "allow_mail_to_files = $allow_mail_to_commands");
        Assert.True(settings.AllowMailToFiles);
    }

    [Theory]
    [InlineData("default_privs = mailnull", "mailnull")]
    [InlineData("default_privs = nobody", "nobody")]
    [InlineData("default_privs = svc_mail-1.x", "svc_mail-1.x")]
    public void Default_privs_names_a_user(string text, string expected)
    {
        Assert.Equal(expected, Conf.Settings(text).DefaultPrivs);
    }

    [Theory]
    [InlineData("command_time_limit = 1s", 1)]
    [InlineData("command_time_limit = 10m", 600)]
    [InlineData("command_time_limit = 60", 60)]
    public void Command_time_limit_is_a_time(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Conf.Settings(text).CommandTimeLimit);
    }

    [Theory]
    [InlineData("allow_mail_to_commands = aliases", "sekisho.conf:1: allow_mail_to_commands: unknown value \"aliases\" (use alias, forward and/or include, or leave empty)")]
    [InlineData("x = 1\nallow_mail_to_files = alias, yes", "sekisho.conf:2: allow_mail_to_files: unknown value \"yes\" (use alias, forward and/or include, or leave empty)")]
    [InlineData("allow_mail_to_files = alias,\n  all", "sekisho.conf:1: allow_mail_to_files: unknown value \"all\" (use alias, forward and/or include, or leave empty)")]
    [InlineData("default_privs = root", "sekisho.conf:1: default_privs: privileged user root is not allowed (use an unprivileged user such as nobody)")]
    [InlineData("default_privs =", "sekisho.conf:1: default_privs: empty value")]
    [InlineData("default_privs = no body", "sekisho.conf:1: default_privs: bad user name \"no body\"")]
    [InlineData("default_privs = -nobody", "sekisho.conf:1: default_privs: bad user name \"-nobody\"")]
    [InlineData("default_privs = ../x", "sekisho.conf:1: default_privs: bad user name \"../x\"")]
    [InlineData("command_time_limit = 0", "sekisho.conf:1: command_time_limit: bad time \"0\" (must be at least 1s)")]
    [InlineData("command_time_limit = forever", "sekisho.conf:1: command_time_limit: bad time \"forever\" (use a number with unit s, m, h, d or w)")]
    public void Bad_values_are_errors_at_their_line(string text, string message)
    {
        Assert.Equal(message, Conf.ErrorOf(text));
    }

    [Theory]
    [InlineData("allow_mail_to_commands")]
    [InlineData("allow_mail_to_files")]
    public void The_catalogue_documents_the_safe_default(string name)
    {
        var definition = ParameterCatalog.Find(name)!;
        Assert.True(definition.UsedBySekisho);
        Assert.Equal("", definition.DefaultValue);
        Assert.Contains("default empty = refused", definition.Description);
        Assert.Contains("Postfix: alias, forward", definition.Description);
    }
}
