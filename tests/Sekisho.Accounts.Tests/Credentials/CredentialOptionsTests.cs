namespace Sekisho.Accounts.Tests.Credentials;

public sealed class CredentialOptionsTests
{
    [Theory]
    [InlineData("PLAIN LOGIN SCRAM-SHA-256 SCRAM-SHA-1", false, false)]
    [InlineData("PLAIN CRAM-MD5", true, false)]
    [InlineData("digest-md5 plain", false, true)]
    [InlineData("CRAM-MD5 DIGEST-MD5", true, true)]
    [InlineData("", false, false)]
    public void ForMechanisms_stores_password_equivalent_secrets_only_for_enabled_mechanisms(string mechanisms, bool cram, bool digest)
    {
        var options = CredentialOptions.ForMechanisms(mechanisms.Split(' ', StringSplitOptions.RemoveEmptyEntries), "mail.example.com");

        Assert.Equal(cram, options.StoreCramMd5);
        Assert.Equal(digest, options.StoreDigestMd5);
        Assert.Equal("mail.example.com", options.DigestRealm);
    }

    [Fact]
    public void The_default_stores_no_password_equivalent_secret()
    {
        Assert.False(CredentialOptions.Default.StoreCramMd5);
        Assert.False(CredentialOptions.Default.StoreDigestMd5);
        Assert.False(CredentialOptions.Default.StoreApop);
        Assert.Null(CredentialOptions.ForMechanisms(["CRAM-MD5", "DIGEST-MD5"], "r").ApopKey);
    }

    [Fact]
    public void Derive_makes_an_APOP_secret_only_with_a_key()
    {
        var key = ApopKey.FromBytes(new byte[ApopKey.Size]);

        var with = AccountCredentials.Derive("alice", "secret", new CredentialOptions { ApopKey = key });

        Assert.True(new CredentialOptions { ApopKey = key }.StoreApop);
        Assert.True(with.Apop!.TryDecrypt(key, "alice", out var password));
        Assert.Equal("secret", password);
        Assert.Null(AccountCredentials.Derive("alice", "secret", CredentialOptions.Default).Apop);
    }

    [Theory]
    [InlineData("PLAIN", "$pbkdf2", true)]
    [InlineData("login", "$pbkdf2", true)]
    [InlineData("PLAIN", "", false)]
    [InlineData("SCRAM-SHA-256", "", true)]
    [InlineData("SCRAM-SHA-1", "", true)]
    [InlineData("CRAM-MD5", "", true)]
    [InlineData("DIGEST-MD5", "", true)]
    [InlineData("APOP", "", true)]
    [InlineData("apop", "", true)]
    [InlineData("XOAUTH2", "$pbkdf2", false)]
    public void Supports_tells_which_mechanisms_have_what_they_need(string mechanism, string hash, bool expected)
    {
        var all = AccountCredentials.Derive("alice", "secret",
            new CredentialOptions { StoreCramMd5 = true, StoreDigestMd5 = true, DigestRealm = "r", ApopKey = ApopKey.FromBytes(new byte[ApopKey.Size]) });
        var credentials = hash.Length > 0 ? all : all with { PasswordHash = "" };

        Assert.Equal(expected, credentials.Supports(mechanism, "r"));
        Assert.False(AccountCredentials.None.Supports(mechanism, "r"));
        Assert.False(all.Supports("DIGEST-MD5", "other-realm"));
    }
}
