namespace Sekisho.Config.Tests.Settings;

/// <summary>
/// <c>authorized_submit_users</c>: who may use the sendmail command. A Postfix match list read first match wins; the
/// default <c>static:anyone</c>; an empty list refuses everyone.
/// </summary>
public sealed class AuthorizedSubmitUsersTests
{
    [Theory]
    [InlineData("", "www-data", true)]
    [InlineData("", "unknown", true)]
    [InlineData("authorized_submit_users = static:anyone", "alice", true)]
    [InlineData("authorized_submit_users = static:all", "alice", true)]
    [InlineData("authorized_submit_users =", "root", false)]
    [InlineData("authorized_submit_users = root, alice", "alice", true)]
    [InlineData("authorized_submit_users = root, alice", "www-data", false)]
    [InlineData("authorized_submit_users = !www-data, static:anyone", "www-data", false)]
    [InlineData("authorized_submit_users = !www-data, static:anyone", "alice", true)]
    [InlineData("authorized_submit_users = !www-data static:anyone", "unknown", true)]
    [InlineData("authorized_submit_users = static:anyone, !www-data", "www-data", true)]
    [InlineData("authorized_submit_users = !static:anyone", "root", false)]
    [InlineData("authorized_submit_users = Alice", "alice", false)]
    public void The_first_matching_entry_decides(string line, string login, bool allowed)
    {
        Assert.Equal(allowed, Conf.Settings(line).AuthorizedSubmitUsers.Allows(login));
    }

    [Theory]
    [InlineData("authorized_submit_users = hash:/etc/sekisho/submitters", "not supported yet")]
    [InlineData("authorized_submit_users = /etc/sekisho/submitters", "not supported yet")]
    [InlineData("authorized_submit_users = !", "bad user name")]
    public void Tables_and_files_are_refused_rather_than_ignored(string line, string message)
    {
        var error = Conf.ErrorOf(line);
        Assert.Contains("authorized_submit_users", error);
        Assert.Contains(message, error);
    }

    [Fact]
    public void It_is_a_parameter_sekisho_uses_with_postfixs_default()
    {
        var definition = ParameterCatalog.Find("authorized_submit_users");
        Assert.NotNull(definition);
        Assert.True(definition.UsedBySekisho);
        Assert.Equal("static:anyone", definition.DefaultValue);
    }
}
