using System.Security.Cryptography;
using System.Text;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

public sealed class CramMd5SecretTests
{
    [Fact]
    public void Rfc2195_vector()
    {
        var secret = CramMd5Secret.Derive("tanstaaftanstaaf");
        var digest = secret.ComputeResponse("<1896.697170952@postoffice.reston.mci.net>"u8);
        Assert.Equal("b913a602c7eda7a495b4e6e7334d3890", Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Matches_dovecot_pw_scheme_CRAM_MD5()
    {
        // doveadm pw -s CRAM-MD5 -p password
        const string Dovecot = "9186d855e11eba527a7a52ca82b313e180d62234f0acc9051b527243d41e2740";
        Assert.Equal("CRAM-MD5$" + Dovecot, CramMd5Secret.Derive("password").ToStorageString());
        Assert.True(CramMd5Secret.TryParse("{CRAM-MD5}" + Dovecot, out var imported));
        Assert.Equal(HMACMD5.HashData("password"u8, "<x@y>"u8), imported.ComputeResponse("<x@y>"u8));
    }

    /// <summary>Lengths around the MD5 block and padding boundaries, for the password (the HMAC key) and the challenge.</summary>
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(16, 55)]
    [InlineData(63, 56)]
    [InlineData(64, 63)]
    [InlineData(65, 64)]
    [InlineData(100, 65)]
    [InlineData(300, 119)]
    [InlineData(8, 120)]
    [InlineData(9, 128)]
    [InlineData(10, 1000)]
    public void Equals_hmac_md5_at_boundaries(int passwordLength, int challengeLength)
    {
        var random = new Random(passwordLength * 7919 + challengeLength);
        var password = new string(Enumerable.Range(0, passwordLength).Select(_ => (char)random.Next(0x21, 0x7f)).ToArray());
        var challenge = new byte[challengeLength];
        random.NextBytes(challenge);
        Assert.Equal(HMACMD5.HashData(Encoding.UTF8.GetBytes(password), challenge), CramMd5Secret.Derive(password).ComputeResponse(challenge));
    }

    [Fact]
    public void Equals_hmac_md5_for_many_random_inputs()
    {
        var random = new Random(2195);
        for (var n = 0; n < 2000; n++)
        {
            // Any BMP text, so multi-byte UTF-8 passwords cross 64 bytes at odd places.
            var password = new string(Enumerable.Range(0, random.Next(0, 90)).Select(_ => (char)random.Next(0x20, 0xd800)).ToArray());
            var challenge = new byte[random.Next(0, 300)];
            random.NextBytes(challenge);
            var expected = HMACMD5.HashData(Encoding.UTF8.GetBytes(password), challenge);
            Assert.Equal(expected, CramMd5Secret.Derive(password).ComputeResponse(challenge));
        }
    }

    [Fact]
    public void Storage_string_round_trips()
    {
        var secret = CramMd5Secret.Derive("pässwörd");
        var text = secret.ToStorageString();
        Assert.Matches("^CRAM-MD5\\$[0-9a-f]{64}$", text);
        Assert.True(CramMd5Secret.TryParse(text, out var parsed));
        Assert.Equal(secret.Context, parsed.Context);
        Assert.Equal(text, parsed.ToStorageString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("CRAM-MD5$")]
    [InlineData("CRAM-MD5$9186d855e11eba527a7a52ca82b313e180d62234f0acc9051b527243d41e274")]
    [InlineData("CRAM-MD5$9186d855e11eba527a7a52ca82b313e180d62234f0acc9051b527243d41e27400")]
    [InlineData("CRAM-MD5$9186d855e11eba527a7a52ca82b313e180d62234f0acc9051b527243d41e274g")]
    [InlineData("cram-md5$9186d855e11eba527a7a52ca82b313e180d62234f0acc9051b527243d41e2740")]
    [InlineData("{PLAIN}9186d855e11eba527a7a52ca82b313e180d62234f0acc9051b527243d41e2740")]
    [InlineData("9186d855e11eba527a7a52ca82b313e180d62234f0acc9051b527243d41e2740")]
    public void TryParse_refuses(string? text) => Assert.False(CramMd5Secret.TryParse(text, out _));

    [Fact]
    public void Context_must_be_32_bytes() => Assert.Throws<ArgumentException>(() => new CramMd5Secret(new byte[31]));
}
