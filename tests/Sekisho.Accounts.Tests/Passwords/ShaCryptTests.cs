namespace Sekisho.Accounts.Tests.Passwords;

public sealed class ShaCryptTests
{
    // Made with glibc's crypt(3) (Python's crypt module on Debian 12); the first four are also in Drepper's specification.
    [Theory]
    [InlineData("Hello world!", "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5")]
    [InlineData("Hello world!", "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")]
    [InlineData("Hello world!", "$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA")]
    [InlineData("Hello world!", "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.")]
    [InlineData("", "$5$saltstring$FdNfA4gXqvCeO6iZs7G/.wwwoywYZqo0l1pwmfWaBA7")]
    [InlineData("", "$6$rounds=1000$abc$noBronbzNMcAtG61/dMHzc1H.fuLjHArF9.wCx8LbkVDMMEuChQCPee28tiPcXHL/CMNpCqo6OPTyoEpoCMsY/")]
    [InlineData("correct horse", "$6$x$wyUF1cwljYxWm52mSrCNhPis.RDV.T8CKPSQFvQhatb7XvQEuU8MzHV.HKzrzjDG/HEq.wZtbdTlLzrlSjbao/")]
    [InlineData("pässwörd", "$5$saltstring$bWOoCRTKNT.aiY/gJjvk1HjBYuRpcYQmcc5hqf6H4T4")]
    [InlineData("pässwörd", "$6$saltstring$6PSVl254uv0cWCoUS0qzSX5NenRA/YFCwPzGA9ONu.MmmxqXTWHerEzD8WyuBl3ukfIZZU9uxLD6Bn6p7S3rG.")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "$5$rounds=10000$saltstringsaltst$ZoPqkjA6TsHVwwr26jSokaM8DZjPkmgj7PVMsR8Otf8")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "$6$x$O7igG6oA24wqdGY.fWyF5whCajEwFcrCMyOnVF5Afn1yQ33U9zQNZLxd.3FhRJ7SaqLK7jWL8sjUXPqB04sZm1")]
    public void Verify_accepts_the_password_crypt_3_hashed(string password, string hash)
    {
        Assert.True(ShaCrypt.Verify(password, hash));
        Assert.True(PasswordHasher.Verify(password, hash));
        Assert.True(PasswordHasher.CanVerify(hash));
        Assert.False(ShaCrypt.Verify(password + "x", hash));
    }

    [Theory]
    [InlineData("Hello world!", "saltstring", null, false, "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5")]
    [InlineData("Hello world!", "saltstringsaltstring", 10000, true, "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.")]
    public void Hash_writes_the_crypt_3_form(string password, string salt, int? rounds, bool sha512, string expected)
    {
        Assert.Equal(expected, ShaCrypt.Hash(password, salt, rounds, sha512));
    }

    [Theory]
    [InlineData("")]
    [InlineData("$6$")]
    [InlineData("$6$salt")]
    [InlineData("$6$salt$tooshort")]
    [InlineData("$7$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")]
    [InlineData("$6$rounds=abc$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")]
    [InlineData("$6$rounds=999999999$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")]
    [InlineData("$6$saltstringsaltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")]
    [InlineData("$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35in!1")]
    [InlineData("$1$salt$hash")]
    [InlineData("$2y$05$TKnXV39M3uJ4o.AbY1HbjeAval9bunHbxd0.6Qn782yKoBjTEBXTe")]
    public void Malformed_or_foreign_hashes_never_match(string hash)
    {
        Assert.False(ShaCrypt.IsShaCrypt(hash));
        Assert.False(ShaCrypt.Verify("Hello world!", hash));
        Assert.False(PasswordHasher.CanVerify(hash));
    }

    [Fact]
    public void VerifyOrDecoy_checks_every_kind_of_stored_hash()
    {
        var pbkdf2 = PasswordHasher.Hash("secret");
        var crypt = ShaCrypt.Hash("secret", "abcdefgh", null, sha512: true);

        Assert.True(PasswordHasher.VerifyOrDecoy("secret", pbkdf2));
        Assert.True(PasswordHasher.VerifyOrDecoy("secret", crypt));
        Assert.False(PasswordHasher.VerifyOrDecoy("wrong", crypt));
        Assert.False(PasswordHasher.VerifyOrDecoy("secret", null));
        Assert.False(PasswordHasher.VerifyOrDecoy("secret", ""));
        Assert.False(PasswordHasher.VerifyOrDecoy("secret", "{SSHA}whatever"));
    }
}
