using System.Security.Cryptography;
using System.Text;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

public sealed class DigestMd5SecretTests
{
    /// <summary>RFC 2831 2.1.2.1's charset rule: each string as ISO 8859-1 when it fits, else UTF-8. Columns: user, realm, password, bytes hashed (Latin-1 code points as \u escapes).</summary>
    [Theory]
    [InlineData("chris", "elwood.innosoft.com", "secret", "chris:elwood.innosoft.com:secret")]
    [InlineData("jörg", "example.org", "pässwörd", "j\u00f6rg:example.org:p\u00e4ssw\u00f6rd")]
    [InlineData("jörg", "example.org", "пароль", "j\u00f6rg:example.org:\u00d0\u00bf\u00d0\u00b0\u00d1\u0080\u00d0\u00be\u00d0\u00bb\u00d1\u008c")]
    public void Derive_hashes_user_realm_password(string user, string realm, string password, string latin1)
    {
        var secret = DigestMd5Secret.Derive(user, realm, password);
        Assert.Equal(MD5.HashData(Encoding.Latin1.GetBytes(latin1)), secret.Hash.ToArray());
        Assert.Equal(realm, secret.Realm);
    }

    [Theory]
    [InlineData("elwood.innosoft.com")]
    [InlineData("")]
    [InlineData("a$b$c")]
    [InlineData("例え.jp")]
    public void Storage_string_round_trips(string realm)
    {
        var secret = DigestMd5Secret.Derive("chris", realm, "secret");
        var text = secret.ToStorageString();
        Assert.Equal("DIGEST-MD5$" + Convert.ToHexStringLower(secret.Hash) + "$" + realm, text);
        Assert.True(DigestMd5Secret.TryParse(text, out var parsed));
        Assert.Equal(realm, parsed.Realm);
        Assert.Equal(secret.Hash.ToArray(), parsed.Hash.ToArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("DIGEST-MD5$")]
    [InlineData("DIGEST-MD5$0123456789abcdef0123456789abcdef")]
    [InlineData("DIGEST-MD5$0123456789abcdef0123456789abcde$realm")]
    [InlineData("DIGEST-MD5$0123456789abcdef0123456789abcdeg$realm")]
    [InlineData("digest-md5$0123456789abcdef0123456789abcdef$realm")]
    [InlineData("{DIGEST-MD5}0123456789abcdef0123456789abcdef")]
    public void TryParse_refuses(string? text) => Assert.False(DigestMd5Secret.TryParse(text, out _));
}
