using System.Security.Cryptography;
using System.Text;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

public sealed class ScramCredentialTests
{
    /// <summary>RFC 5802 and RFC 7677 examples: the keys follow from the password, salt and count as RFC 5802 3 defines them.</summary>
    [Theory]
    [InlineData(ScramAlgorithm.Sha1, "QSXCR+Q6sek8bf92")]
    [InlineData(ScramAlgorithm.Sha256, "W22ZaJ0SNY7soEsUEjb6gQ==")]
    public void Derive_follows_rfc5802(ScramAlgorithm algorithm, string salt)
    {
        var credential = ScramCredential.Derive("pencil", algorithm, Convert.FromBase64String(salt));
        var hash = algorithm == ScramAlgorithm.Sha1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        var size = algorithm == ScramAlgorithm.Sha1 ? 20 : 32;
        var salted = Rfc2898DeriveBytes.Pbkdf2("pencil"u8, Convert.FromBase64String(salt), 4096, hash, size);
        var hmac = (byte[] key, string text) => algorithm == ScramAlgorithm.Sha1
            ? HMACSHA1.HashData(key, Encoding.ASCII.GetBytes(text))
            : HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(text));
        var clientKey = hmac(salted, "Client Key");
        Assert.Equal(algorithm == ScramAlgorithm.Sha1 ? SHA1.HashData(clientKey) : SHA256.HashData(clientKey), credential.StoredKey.ToArray());
        Assert.Equal(hmac(salted, "Server Key"), credential.ServerKey.ToArray());
        Assert.Equal(4096, credential.Iterations);
        Assert.Equal(salt, Convert.ToBase64String(credential.Salt));
    }

    [Fact]
    public void Derive_makes_a_fresh_16_byte_salt_by_default()
    {
        var a = ScramCredential.Derive("pencil", ScramAlgorithm.Sha256, iterations: 1);
        var b = ScramCredential.Derive("pencil", ScramAlgorithm.Sha256, iterations: 1);
        Assert.Equal(16, a.Salt.Length);
        Assert.NotEqual(a.Salt.ToArray(), b.Salt.ToArray());
        Assert.NotEqual(a.StoredKey.ToArray(), b.StoredKey.ToArray());
    }

    /// <summary>The SASLprep approximation: RFC 4013's mapping step. Columns: password, the password it must equal.</summary>
    [Theory]
    [InlineData("a\u00A0b", "a b")] // NO-BREAK SPACE
    [InlineData("a\u3000b", "a b")] // IDEOGRAPHIC SPACE
    [InlineData("a\u2009b", "a b")] // THIN SPACE
    [InlineData("pen\u00ADcil", "pencil")] // SOFT HYPHEN
    [InlineData("pen\u200Bcil", "pencil")] // ZERO WIDTH SPACE is mapped to nothing
    [InlineData("\uFEFFpencil", "pencil")]
    [InlineData("pencil", "pencil")]
    public void Passwords_are_mapped_as_saslprep_does(string password, string equivalent)
    {
        var salt = new byte[16];
        Assert.Equal(
            ScramCredential.Derive(equivalent, ScramAlgorithm.Sha256, salt, 1).ToStorageString(),
            ScramCredential.Derive(password, ScramAlgorithm.Sha256, salt, 1).ToStorageString());
    }

    [Theory]
    [InlineData(ScramAlgorithm.Sha1, "SCRAM-SHA-1$4096$")]
    [InlineData(ScramAlgorithm.Sha256, "SCRAM-SHA-256$4096$")]
    public void Storage_string_round_trips(ScramAlgorithm algorithm, string prefix)
    {
        var credential = ScramCredential.Derive("pencil", algorithm);
        var text = credential.ToStorageString();
        Assert.StartsWith(prefix, text, StringComparison.Ordinal);
        Assert.Equal(5, text.Split('$').Length);
        Assert.True(ScramCredential.TryParse(text, out var parsed));
        Assert.Equal(algorithm, parsed.Algorithm);
        Assert.Equal(text, parsed.ToStorageString());
    }

    [Fact]
    public void Storage_string_of_the_rfc7677_example()
    {
        var text = ScramCredential.Derive("pencil", ScramAlgorithm.Sha256, Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ==")).ToStorageString();
        Assert.Matches("^SCRAM-SHA-256\\$4096\\$W22ZaJ0SNY7soEsUEjb6gQ==\\$[A-Za-z0-9+/]{43}=\\$[A-Za-z0-9+/]{43}=$", text);
    }

    private const string K20 = "AAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    private const string K32 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SCRAM-SHA-256$4096$c2FsdA==$" + K32)]
    [InlineData("SCRAM-SHA-256$4096$c2FsdA==$" + K32 + "$" + K32 + "$x")]
    [InlineData("SCRAM-SHA-512$4096$c2FsdA==$" + K32 + "$" + K32)]
    [InlineData("scram-sha-256$4096$c2FsdA==$" + K32 + "$" + K32)]
    [InlineData("SCRAM-SHA-256$0$c2FsdA==$" + K32 + "$" + K32)]
    [InlineData("SCRAM-SHA-256$-1$c2FsdA==$" + K32 + "$" + K32)]
    [InlineData("SCRAM-SHA-256$+4096$c2FsdA==$" + K32 + "$" + K32)]
    [InlineData("SCRAM-SHA-256$99999999$c2FsdA==$" + K32 + "$" + K32)]
    [InlineData("SCRAM-SHA-256$4096$$" + K32 + "$" + K32)]
    [InlineData("SCRAM-SHA-256$4096$c2FsdA$" + K32 + "$" + K32)]
    [InlineData("SCRAM-SHA-256$4096$c2Fs dA==$" + K32 + "$" + K32)]
    [InlineData("SCRAM-SHA-256$4096$c2FsdA==$" + K20 + "$" + K32)]
    [InlineData("SCRAM-SHA-1$4096$c2FsdA==$" + K32 + "$" + K32)]
    [InlineData("SCRAM-SHA-1$4096$c2FsdA==$" + K20 + "$" + K20 + "$")]
    public void TryParse_refuses(string? text) => Assert.False(ScramCredential.TryParse(text, out _));

    [Fact]
    public void TryParse_accepts_a_sha1_verifier() => Assert.True(ScramCredential.TryParse("SCRAM-SHA-1$4096$c2FsdA==$" + K20 + "$" + K20, out _));

    [Fact]
    public void Constructor_checks_sizes()
    {
        Assert.Throws<ArgumentException>(() => new ScramCredential(ScramAlgorithm.Sha1, [], 1, new byte[20], new byte[20]));
        Assert.Throws<ArgumentException>(() => new ScramCredential(ScramAlgorithm.Sha1, [1], 1, new byte[32], new byte[20]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScramCredential(ScramAlgorithm.Sha1, [1], 0, new byte[20], new byte[20]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScramCredential((ScramAlgorithm)7, [1], 1, new byte[20], new byte[20]));
    }
}
