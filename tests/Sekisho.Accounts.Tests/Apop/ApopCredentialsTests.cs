using System.Security.Cryptography;
using Sekisho.Accounts.Tests.Support;
using Sekisho.Protocol.Pop3;

namespace Sekisho.Accounts.Tests.Apop;

/// <summary>APOP digests checked against a real (SQLite) store: alice has a secret, bob none, carol one made under another key.</summary>
public sealed class ApopCredentialsTests : IAsyncLifetime
{
    private const string Timestamp = "<1896.697170952@dbc.mtview.ca.us>";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TemporaryDirectory _directory = new();
    private readonly ApopKey _key = ApopKey.FromBytes(RandomNumberGenerator.GetBytes(ApopKey.Size));
    private readonly ApopKey _otherKey = ApopKey.FromBytes(RandomNumberGenerator.GetBytes(ApopKey.Size));
    private readonly SqliteAccountStore _store;
    private readonly ApopCredentials _apop;

    public ApopCredentialsTests()
    {
        _store = new SqliteAccountStore(_directory.Combine("accounts.db"));
        var names = new AccountSaslCredentials(_store, domain => domain == "example.com", "");
        _apop = new ApopCredentials(_store, names.ResolveAccountName, _key);
    }

    public async Task InitializeAsync()
    {
        await _store.AddAsync("alice", "tanstaaf", false, new CredentialOptions { ApopKey = _key }, None);
        await _store.AddAsync("bob", "tanstaaf", false, CredentialOptions.Default, None);
        await _store.AddAsync("carol", "tanstaaf", false, new CredentialOptions { ApopKey = _otherKey }, None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("ALICE")]
    [InlineData("alice@example.com")]
    public async Task The_right_digest_logs_in_under_any_name_of_the_account(string user)
    {
        var check = await _apop.VerifyAsync(user, Timestamp, ApopDigest.Compute(Timestamp, "tanstaaf"), None);

        Assert.Equal(new ApopCheck(ApopCheckResult.Verified, "alice"), check);
        Assert.True(check.Verified);
    }

    [Theory]
    [InlineData("alice", "wrong", "alice")] // a wrong password
    [InlineData("nobody", "tanstaaf", "nobody")] // an unknown user
    [InlineData("alice@elsewhere.example", "tanstaaf", null)] // not a name of ours
    [InlineData("not/a/name", "tanstaaf", null)]
    public async Task A_wrong_digest_and_an_unknown_user_fail_alike(string user, string password, string? account)
    {
        var check = await _apop.VerifyAsync(user, Timestamp, ApopDigest.Compute(Timestamp, password), None);

        Assert.Equal(new ApopCheck(ApopCheckResult.Failed, account), check);
    }

    [Fact]
    public async Task The_digest_must_be_for_this_greeting()
    {
        var check = await _apop.VerifyAsync("alice", Timestamp, ApopDigest.Compute("<1.2@other>", "tanstaaf"), None);

        Assert.Equal(ApopCheckResult.Failed, check.Result);
    }

    [Fact]
    public async Task An_account_without_an_APOP_secret_fails_and_says_so()
    {
        var check = await _apop.VerifyAsync("bob", Timestamp, ApopDigest.Compute(Timestamp, "tanstaaf"), None);

        Assert.Equal(new ApopCheck(ApopCheckResult.NoSecret, "bob"), check);
        Assert.False(check.Verified);
    }

    [Fact]
    public async Task A_secret_made_under_another_key_fails_and_names_that_key()
    {
        var check = await _apop.VerifyAsync("carol", Timestamp, ApopDigest.Compute(Timestamp, "tanstaaf"), None);

        Assert.Equal(new ApopCheck(ApopCheckResult.Undecryptable, "carol", _otherKey.Id), check);
        Assert.Equal(_key, _apop.Key);
    }

    [Fact]
    public async Task Set_the_password_again_and_the_account_works()
    {
        await _store.SetPasswordAsync("bob", "new-password", new CredentialOptions { ApopKey = _key }, None);

        var check = await _apop.VerifyAsync("bob", Timestamp, ApopDigest.Compute(Timestamp, "new-password"), None);

        Assert.True(check.Verified);
    }
}
