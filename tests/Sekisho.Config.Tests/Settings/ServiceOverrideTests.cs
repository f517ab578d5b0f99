namespace Sekisho.Config.Tests.Settings;

/// <summary>
/// Per-listener settings written as <c>service/inet/name = value</c> (Postfix's <c>postconf -P</c> notation for
/// master.cf <c>-o</c>), over Sekisho's built-in submission and smtps defaults.
/// </summary>
public sealed class ServiceOverrideTests
{
    [Theory]
    [InlineData("smtp", false, "permit_mynetworks, permit_sasl_authenticated, permit_pop_before_smtp, reject_unauth_destination", "")]
    [InlineData("submission", true, "permit_sasl_authenticated, reject", "reject_sender_login_mismatch")]
    [InlineData("smtps", true, "permit_sasl_authenticated, reject", "reject_sender_login_mismatch")]
    public void Submission_and_smtps_require_auth_by_default(string service, bool authRequired, string relay, string sender)
    {
        var settings = Conf.Settings("").ForService(service);
        Assert.Equal(authRequired, settings.AuthRequired);
        Assert.Equal(relay, string.Join(", ", settings.SmtpdRelayRestrictions));
        Assert.Equal(sender, string.Join(", ", settings.SmtpdSenderRestrictions));
    }

    [Fact]
    public void A_file_override_wins_over_the_built_in_default_and_only_for_its_service()
    {
        var settings = Conf.Settings("""
            message_size_limit = 1000
            submission/inet/smtpd_sender_restrictions =
            submission/inet/message_size_limit = 2000
            smtps/inet/smtpd_auth_required = no
            """);
        Assert.Equal(1000, settings.MessageSizeLimit);
        Assert.Equal(1000, settings.ForService("smtp").MessageSizeLimit);
        var submission = settings.ForService("submission");
        Assert.Equal(2000, submission.MessageSizeLimit);
        Assert.Empty(submission.SmtpdSenderRestrictions);
        Assert.True(submission.AuthRequired);
        Assert.False(settings.ForService("smtps").AuthRequired);
    }

    [Fact]
    public void A_bad_override_value_is_an_error_at_its_line()
    {
        var error = Assert.Throws<ConfigException>(() => Conf.Settings("mail_name = x\nsubmission/inet/message_size_limit = lots").ForService("submission"));
        Assert.Equal("sekisho.conf:2: message_size_limit: bad integer \"lots\"", error.Message.Split(" (")[0]);
    }

    [Theory]
    [InlineData("pop3/inet/smtpd_timeout = 10s", "sekisho.conf:1: unknown service \"pop3\" in pop3/inet/smtpd_timeout (Sekisho's services: smtp, submission, smtps)")]
    [InlineData("submission/inet/smtpd_bogus = 1", "sekisho.conf:1: unknown parameter smtpd_bogus in submission/inet/smtpd_bogus")]
    public void Overrides_of_unknown_services_or_parameters_warn(string text, string warning)
    {
        Assert.Contains(warning, Conf.Parse(text).Warnings);
    }

    [Theory]
    [InlineData("submission/unix/smtpd_timeout = 10s")]
    [InlineData("submission/inet/ = 1")]
    [InlineData("a/b = 1")]
    public void Malformed_names_are_errors(string text)
    {
        Assert.StartsWith("sekisho.conf:1: bad parameter name", Conf.ErrorOf(text));
    }
}
