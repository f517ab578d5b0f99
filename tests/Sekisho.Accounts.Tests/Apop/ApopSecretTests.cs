using System.Security.Cryptography;

namespace Sekisho.Accounts.Tests.Apop;

public sealed class ApopSecretTests
{
    private static readonly ApopKey Key = ApopKey.FromBytes(RandomNumberGenerator.GetBytes(ApopKey.Size));
    private static readonly ApopKey OtherKey = ApopKey.FromBytes(RandomNumberGenerator.GetBytes(ApopKey.Size));

    [Theory]
    [InlineData("tanstaaf")]
    [InlineData("p\u00e4ssw\u00f6rd \u2713 with spaces")]
    [InlineData("x")]
    public void Encrypt_and_decrypt_give_the_password_back_also_through_the_storage_form(string password)
    {
        var secret = ApopSecret.Encrypt(Key, "alice", password);

        Assert.True(secret.TryDecrypt(Key, "alice", out var decrypted));
        Assert.Equal(password, decrypted);
        Assert.Equal(Key.Id, secret.KeyId);
        Assert.True(ApopSecret.TryParse(secret.ToStorageString(), out var parsed));
        Assert.Equal(secret.ToStorageString(), parsed.ToStorageString());
        Assert.True(parsed.TryDecrypt(Key, "alice", out var again));
        Assert.Equal(password, again);
    }

    [Fact]
    public void A_secret_decrypts_only_with_its_key_and_for_its_account()
    {
        var secret = ApopSecret.Encrypt(Key, "alice", "secret");

        Assert.False(secret.TryDecrypt(OtherKey, "alice", out var password));
        Assert.Null(password);
        Assert.False(secret.TryDecrypt(Key, "bob", out _)); // moved to another account's row
        Assert.False(secret.TryDecrypt(Key, "", out _));
        Assert.Throws<ArgumentException>(() => ApopSecret.Encrypt(Key, "alice", ""));
    }

    [Fact]
    public void An_altered_secret_does_not_decrypt()
    {
        var text = ApopSecret.Encrypt(Key, "alice", "secret").ToStorageString();
        var data = Convert.FromBase64String(text[(text.LastIndexOf('$') + 1)..]);
        for (var i = 0; i < data.Length; i++)
        {
            var altered = (byte[])data.Clone();
            altered[i] ^= 1;
            Assert.True(ApopSecret.TryParse($"APOP${Key.Id}${Convert.ToBase64String(altered)}", out var secret));
            Assert.False(secret.TryDecrypt(Key, "alice", out _), $"byte {i} altered");
        }
    }

    [Fact]
    public void Every_encryption_uses_a_fresh_nonce()
    {
        var first = ApopSecret.Encrypt(Key, "alice", "secret").ToStorageString();
        var second = ApopSecret.Encrypt(Key, "alice", "secret").ToStorageString();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void The_storage_form_names_the_key_and_never_shows_the_password()
    {
        var secret = ApopSecret.Encrypt(Key, "alice", "hunter2-visible");

        Assert.Matches($"^APOP\\${Key.Id}\\$[A-Za-z0-9+/]+=*$", secret.ToStorageString());
        Assert.DoesNotContain("hunter2", secret.ToStorageString());
        Assert.DoesNotContain("hunter2", secret.ToString());
        Assert.Matches("^[0-9a-f]{16}$", Key.Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("APOP")]
    [InlineData("APOP$0123456789abcdef")]
    [InlineData("APOP$0123456789abcdef$")]
    [InlineData("APOP$0123456789ABCDEF$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("APOP$0123456789abcde$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("APOP$0123456789abcdef$not base64!")]
    [InlineData("APOP$0123456789abcdef$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")] // 28 bytes: a nonce and a tag, no password
    [InlineData("APOP$0123456789abcdef$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 27 bytes
    [InlineData("CRAM-MD5$0123456789abcdef$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("APOP$0123456789abcdef$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$x")]
    public void TryParse_refuses_what_is_not_an_APOP_secret(string? text)
    {
        Assert.False(ApopSecret.TryParse(text, out var secret));
        Assert.Null(secret);
    }
}
