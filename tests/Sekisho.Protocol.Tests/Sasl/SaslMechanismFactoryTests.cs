using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

public sealed class SaslMechanismFactoryTests
{
    private const string All = "SCRAM-SHA-256 SCRAM-SHA-1 DIGEST-MD5 CRAM-MD5 PLAIN LOGIN";

    /// <summary>Columns: enabled names, smtpd_sasl_security_options, offered names.</summary>
    [Theory]
    [InlineData(All, "noanonymous", All)]
    [InlineData(All, "", All)]
    [InlineData(All, "noanonymous, noplaintext", "SCRAM-SHA-256 SCRAM-SHA-1 DIGEST-MD5 CRAM-MD5")]
    [InlineData(All, "noactive", "SCRAM-SHA-256 SCRAM-SHA-1")]
    [InlineData(All, "nodictionary", "")]
    [InlineData(All, "mutual_auth", "SCRAM-SHA-256 SCRAM-SHA-1 DIGEST-MD5")]
    [InlineData("plain login", "noanonymous", "PLAIN LOGIN")]
    [InlineData("LOGIN Plain login GSSAPI ntlm", "noanonymous", "LOGIN PLAIN")]
    [InlineData("ANONYMOUS EXTERNAL", "", "")]
    [InlineData("", "", "")]
    public void Offered(string enabled, string options, string offered)
    {
        var names = enabled.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(offered, string.Join(" ", SaslMechanismFactory.Offered(names, SaslSecurityOptions.Parse(options))));
    }

    /// <summary>Columns: requested name, the mechanism's Name (empty: none).</summary>
    [Theory]
    [InlineData("PLAIN", "PLAIN")]
    [InlineData("plain", "PLAIN")]
    [InlineData("Login", "LOGIN")]
    [InlineData("cram-md5", "CRAM-MD5")]
    [InlineData("DIGEST-MD5", "DIGEST-MD5")]
    [InlineData("scram-sha-1", "SCRAM-SHA-1")]
    [InlineData("SCRAM-SHA-256", "SCRAM-SHA-256")]
    [InlineData("SCRAM-SHA-256-PLUS", "")]
    [InlineData("GSSAPI", "")]
    [InlineData("", "")]
    public void Create(string name, string created)
    {
        var factory = new SaslMechanismFactory(new FakeCredentials(), SaslTranscript.Options());
        var mechanism = factory.Create(name, SaslMechanismFactory.Supported);
        Assert.Equal(created, mechanism?.Name ?? "");
        if (mechanism is not null)
        {
            Assert.Equal(SaslMechanismFactory.PropertiesOf(name), mechanism.Properties);
            Assert.NotSame(mechanism, factory.Create(name, SaslMechanismFactory.Supported));
        }
    }

    [Fact]
    public void Create_refuses_a_mechanism_that_was_not_offered()
    {
        var factory = new SaslMechanismFactory(new FakeCredentials(), SaslTranscript.Options());
        var offered = SaslMechanismFactory.Offered(SaslMechanismFactory.Supported, SaslSecurityOptions.Parse("noplaintext"));
        Assert.Null(factory.Create("PLAIN", offered));
        Assert.Equal("CRAM-MD5", factory.Create("cram-md5", offered)?.Name);
    }

    /// <summary>Cyrus SASL's classification, as Postfix's security options see it.</summary>
    [Theory]
    [InlineData("PLAIN", true, true, true, false)]
    [InlineData("LOGIN", true, true, true, false)]
    [InlineData("CRAM-MD5", false, true, true, false)]
    [InlineData("DIGEST-MD5", false, true, true, true)]
    [InlineData("SCRAM-SHA-1", false, false, true, true)]
    [InlineData("SCRAM-SHA-256", false, false, true, true)]
    public void Properties(string name, bool plaintext, bool active, bool dictionary, bool mutual)
    {
        var properties = SaslMechanismFactory.PropertiesOf(name)!.Value;
        Assert.Equal(plaintext, properties.HasFlag(SaslSecurity.Plaintext));
        Assert.Equal(active, properties.HasFlag(SaslSecurity.ActiveAttackable));
        Assert.Equal(dictionary, properties.HasFlag(SaslSecurity.DictionaryAttackable));
        Assert.Equal(mutual, !properties.HasFlag(SaslSecurity.NoMutualAuthentication));
        Assert.False(properties.HasFlag(SaslSecurity.Anonymous));
    }
}
