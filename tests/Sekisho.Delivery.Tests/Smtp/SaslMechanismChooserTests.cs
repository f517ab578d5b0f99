using Sekisho.Delivery.Smtp;

namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>smtp_sasl_security_options and smtp_sasl_mechanism_filter.</summary>
public sealed class SaslMechanismChooserTests
{
    [Theory]
    [InlineData("PLAIN LOGIN", SaslSecurityOptions.NoPlaintext | SaslSecurityOptions.NoAnonymous, "", null)]
    [InlineData("PLAIN LOGIN CRAM-MD5", SaslSecurityOptions.NoPlaintext, "", "CRAM-MD5")]
    [InlineData("LOGIN PLAIN", SaslSecurityOptions.NoAnonymous, "", "PLAIN")]
    [InlineData("LOGIN", SaslSecurityOptions.None, "", "LOGIN")]
    [InlineData("PLAIN SCRAM-SHA-256 CRAM-MD5", SaslSecurityOptions.None, "", "SCRAM-SHA-256")]
    [InlineData("PLAIN SCRAM-SHA-256", SaslSecurityOptions.None, "plain", "PLAIN")]
    [InlineData("ANONYMOUS GSSAPI", SaslSecurityOptions.None, "", null)]
    [InlineData("PLAIN SCRAM-SHA-256 CRAM-MD5", SaslSecurityOptions.None, "!SCRAM-SHA-256 *", "CRAM-MD5")]
    [InlineData("PLAIN SCRAM-SHA-256 CRAM-MD5", SaslSecurityOptions.None, "!SCRAM-SHA-256 !CRAM-MD5 *", "PLAIN")]
    [InlineData("PLAIN CRAM-MD5", SaslSecurityOptions.None, "!CRAM-MD5", null)]
    [InlineData("PLAIN CRAM-MD5", SaslSecurityOptions.None, "PLAIN !PLAIN", "PLAIN")]
    [InlineData("PLAIN CRAM-MD5", SaslSecurityOptions.None, "!*", null)]
    public void Picks_the_strongest_acceptable_mechanism(string offered, SaslSecurityOptions security, string filter, string? expected)
    {
        var filterList = filter.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, SaslMechanismChooser.Choose(offered.Split(' '), security, filterList));
    }

    [Theory]
    [InlineData("user:pass", "user", "pass")]
    [InlineData("user:pa:ss", "user", "pa:ss")]
    [InlineData(" user@isp.example:p ", "user@isp.example", "p")]
    [InlineData("useronly", "useronly", "")]
    public void Password_map_values_split_at_the_first_colon(string value, string user, string password)
    {
        Assert.Equal(new SmtpCredentials(user, password), SmtpCredentials.Parse(value));
    }
}
