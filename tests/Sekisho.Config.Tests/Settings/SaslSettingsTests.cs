using Sekisho.Protocol.Sasl;

namespace Sekisho.Config.Tests.Settings;

/// <summary>SMTP AUTH parameters: Sekisho's defaults, Postfix's option words, errors with the line.</summary>
public sealed class SaslSettingsTests
{
    [Fact]
    public void Defaults_offer_auth_after_starttls_without_password_equivalent_mechanisms()
    {
        var sasl = Conf.Settings("").Sasl;
        Assert.True(sasl.Enabled);
        Assert.True(sasl.TlsOnly);
        Assert.Equal(["PLAIN", "LOGIN", "SCRAM-SHA-256", "SCRAM-SHA-1"], sasl.Mechanisms);
        Assert.False(sasl.Uses("CRAM-MD5"));
        Assert.Equal(SaslSecurity.Anonymous, sasl.Excluded);
        Assert.Equal(SaslSecurity.Anonymous, sasl.ExcludedUnderTls);
        Assert.Equal(5, sasl.FailureLimit);
        Assert.Equal(TimeSpan.FromMinutes(10), sasl.FailureWindow);
        Assert.Equal(TimeSpan.FromSeconds(60), sasl.PenaltyTime);
        Assert.Equal(TimeSpan.FromSeconds(1), sasl.FailureDelay);
    }

    [Theory]
    [InlineData("smtpd_sasl_security_options = noanonymous, noplaintext", SaslSecurity.Anonymous | SaslSecurity.Plaintext, SaslSecurity.Anonymous | SaslSecurity.Plaintext)]
    [InlineData("smtpd_sasl_security_options = noanonymous, noplaintext\nsmtpd_sasl_tls_security_options = noanonymous", SaslSecurity.Anonymous | SaslSecurity.Plaintext, SaslSecurity.Anonymous)]
    [InlineData("smtpd_sasl_security_options =", SaslSecurity.None, SaslSecurity.None)]
    public void Security_options_use_postfix_words(string text, SaslSecurity plain, SaslSecurity tls)
    {
        var sasl = Conf.Settings(text).Sasl;
        Assert.Equal(plain, sasl.Excluded);
        Assert.Equal(tls, sasl.ExcludedUnderTls);
    }

    [Fact]
    public void Mechanisms_are_upper_cased_and_deduplicated()
    {
        Assert.Equal(["CRAM-MD5", "PLAIN"], Conf.Settings("smtpd_sasl_mechanisms = cram-md5 PLAIN, plain").Sasl.Mechanisms);
    }

    [Theory]
    [InlineData("smtpd_sasl_mechanisms = PLAIN GSSAPI", "sekisho.conf:1: smtpd_sasl_mechanisms: unknown mechanism \"GSSAPI\" (Sekisho offers SCRAM-SHA-256, SCRAM-SHA-1, DIGEST-MD5, CRAM-MD5, PLAIN, LOGIN)")]
    [InlineData("smtpd_sasl_security_options = noanonymous, nofoo", "sekisho.conf:1: smtpd_sasl_security_options: unknown option \"nofoo\" (expected noanonymous, noplaintext, noactive, nodictionary, mutual_auth)")]
    [InlineData("smtpd_auth_failure_limit = many", "sekisho.conf:1: smtpd_auth_failure_limit: bad integer \"many\"")]
    public void Bad_values_are_errors_with_the_line(string text, string message)
    {
        Assert.StartsWith(message, Conf.ErrorOf(text));
    }

    [Theory]
    [InlineData("account_database = postgresql://sekisho:pw@127.0.0.1:5432/mail", "postgresql://sekisho:pw@127.0.0.1:5432/mail")]
    [InlineData("account_database = postgres://127.0.0.1/mail", "postgres://127.0.0.1/mail")]
    public void A_postgresql_account_database_is_kept_as_written(string text, string expected)
    {
        Assert.Equal(expected, Conf.Settings(text).AccountDatabase);
    }
}
