using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

public sealed class SaslSecurityOptionsTests
{
    private const SaslSecurity Anonymous = SaslSecurity.Anonymous;
    private const SaslSecurity Plaintext = SaslSecurity.Plaintext;

    [Theory]
    [InlineData("", SaslSecurity.None)]
    [InlineData("noanonymous", Anonymous)] // Postfix's default for smtpd_sasl_security_options
    [InlineData("noanonymous, noplaintext", Anonymous | Plaintext)]
    [InlineData("noplaintext,noanonymous", Anonymous | Plaintext)]
    [InlineData("  NoActive\tnodictionary ", SaslSecurity.ActiveAttackable | SaslSecurity.DictionaryAttackable)]
    [InlineData("mutual_auth", SaslSecurity.NoMutualAuthentication)]
    [InlineData("noanonymous,,noanonymous", Anonymous)]
    public void Parses(string value, SaslSecurity excluded)
    {
        Assert.True(SaslSecurityOptions.TryParse(value, out var parsed, out var unknown));
        Assert.Equal(excluded, parsed);
        Assert.Null(unknown);
        Assert.Equal(excluded, SaslSecurityOptions.Parse(value));
    }

    [Theory]
    [InlineData("noanonymous, noplain", "noplain")]
    [InlineData("forward_secrecy", "forward_secrecy")]
    [InlineData("no-anonymous", "no-anonymous")]
    public void Names_an_unknown_option(string value, string name)
    {
        Assert.False(SaslSecurityOptions.TryParse(value, out _, out var unknown));
        Assert.Equal(name, unknown);
        Assert.Contains(name, Assert.Throws<FormatException>(() => SaslSecurityOptions.Parse(value)).Message, StringComparison.Ordinal);
    }
}
