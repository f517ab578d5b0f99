using System.Text.RegularExpressions;
using Sekisho.Accounts.Tests.Support;

namespace Sekisho.Accounts.Tests.Passwords;

public sealed class PasswordHasherTests
{
    // The well-known PBKDF2-HMAC-SHA256 vectors for P="password", S="salt", dkLen=32, c=1 and c=2.
    private const string SaltB64 = "c2FsdA";
    private const string OneIteration = "$pbkdf2-sha256$i=1$" + SaltB64 + "$Eg+2z/z4syxD5yJSVsT4N6hlSMkszDVICAWYfLcL4Xs";

    [Fact]
    public void Hash_has_the_documented_format_and_no_plaintext()
    {
        var encoded = PasswordHasher.Hash("correct horse battery staple");

        Assert.Matches(new Regex(@"^\$pbkdf2-sha256\$i=" + TestSettings.Iterations + @"\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$"), encoded);
        Assert.DoesNotContain("correct", encoded);
        Assert.DoesNotContain("horse", encoded);
    }

    [Fact]
    public void Hash_salts_every_hash()
    {
        Assert.NotEqual(PasswordHasher.Hash("secret"), PasswordHasher.Hash("secret"));
    }

    [Fact]
    public void The_production_iteration_count_is_210000()
    {
        Assert.Equal(210_000, PasswordHasher.DefaultIterations);
    }

    [Theory]
    [InlineData("secret", true)]
    [InlineData("Secret", false)]
    [InlineData("secret ", false)]
    [InlineData("", false)]
    [InlineData("sécret", false)]
    public void Verify_accepts_only_the_same_password(string attempt, bool expected)
    {
        var encoded = PasswordHasher.Hash("secret");

        Assert.Equal(expected, PasswordHasher.Verify(attempt, encoded));
    }

    [Theory]
    [InlineData("password", OneIteration, true)]
    [InlineData("password", OneIteration + "=", true)] // padded base64 is accepted too
    [InlineData("passwore", OneIteration, false)]
    [InlineData("password", "$pbkdf2-sha256$i=2$" + SaltB64 + "$rk0Mla9rRtMtCt/5KPBt0CowP47zwlHf1uLYWpVHTEM", true)]
    [InlineData("password", "$pbkdf2-sha256$i=2$" + SaltB64 + "$Eg+2z/z4syxD5yJSVsT4N6hlSMkszDVICAWYfLcL4Xs", false)]
    public void Verify_matches_the_pbkdf2_hmac_sha256_test_vectors(string password, string encoded, bool expected)
    {
        Assert.Equal(expected, PasswordHasher.Verify(password, encoded));
    }

    [Theory]
    [InlineData("")]
    [InlineData("password")]
    [InlineData("$pbkdf2-sha512$i=1$c2FsdA$Eg+2z/z4syxD5yJSVsT4N6hlSMkszDVICAWYfLcL4Xs")]
    [InlineData("$pbkdf2-sha256$i=0$c2FsdA$Eg+2z/z4syxD5yJSVsT4N6hlSMkszDVICAWYfLcL4Xs")]
    [InlineData("$pbkdf2-sha256$i=-1$c2FsdA$Eg+2z/z4syxD5yJSVsT4N6hlSMkszDVICAWYfLcL4Xs")]
    [InlineData("$pbkdf2-sha256$i=x$c2FsdA$Eg+2z/z4syxD5yJSVsT4N6hlSMkszDVICAWYfLcL4Xs")]
    [InlineData("$pbkdf2-sha256$i=999999999$c2FsdA$Eg+2z/z4syxD5yJSVsT4N6hlSMkszDVICAWYfLcL4Xs")]
    [InlineData("$pbkdf2-sha256$i=1$c2FsdA")]
    [InlineData("$pbkdf2-sha256$i=1$c2FsdA$Eg+2z/z4syxD5yJSVsT4N6hlSMkszDVICAWYfLcL4Xs$extra")]
    [InlineData("$pbkdf2-sha256$i=1$$Eg+2z/z4syxD5yJSVsT4N6hlSMkszDVICAWYfLcL4Xs")]
    [InlineData("$pbkdf2-sha256$i=1$c2FsdA$not*base64")]
    [InlineData("$pbkdf2-sha256$i=1$c2FsdA$AAAA")]
    public void Verify_rejects_malformed_hashes_without_throwing(string encoded)
    {
        Assert.False(PasswordHasher.Verify("password", encoded));
    }

    [Theory]
    [InlineData("")]
    [InlineData("password")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void VerifyAgainstDecoy_never_matches(string password)
    {
        Assert.False(PasswordHasher.VerifyAgainstDecoy(password));
    }
}
