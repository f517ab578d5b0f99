using Sekisho.Accounts.Tests.Support;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Accounts.Tests.Sasl;

/// <summary>Logins through the real mechanisms, with an account store (SQLite) behind <see cref="AccountSaslCredentials"/>.</summary>
public sealed class AccountSaslCredentialsTests : IAsyncLifetime
{
    private const string Realm = "sasl.example";
    private static readonly string[] All = ["PLAIN", "LOGIN", "SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "DIGEST-MD5"];
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TemporaryDirectory _directory = new();
    private readonly SqliteAccountStore _store;
    private readonly AccountSaslCredentials _credentials;
    private readonly SaslMechanismFactory _factory;

    public AccountSaslCredentialsTests()
    {
        _store = new SqliteAccountStore(_directory.Combine("accounts.db"));
        _credentials = new AccountSaslCredentials(_store, domain => domain is "example.com" or "example.org", Realm);
        _factory = new SaslMechanismFactory(_credentials, new SaslServerOptions
        {
            Hostname = "mail.example.com",
            Realm = Realm,
            DecoyKey = new byte[32],
        });
    }

    public async Task InitializeAsync()
    {
        var options = new CredentialOptions { StoreCramMd5 = true, StoreDigestMd5 = true, DigestRealm = Realm };
        await _store.AddAsync("alice", "secret", false, options, None);
        await _store.AddAsync("plainonly", "secret", false, CredentialOptions.Default, None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    public static TheoryData<string, string, string, bool> Logins()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (var mechanism in All)
        {
            data.Add(mechanism, "alice", "secret", true);
            data.Add(mechanism, "alice", "wrong", false);
            data.Add(mechanism, "bob", "secret", false);
            data.Add(mechanism, "alice@other.example", "secret", false);
            var digest = mechanism == "DIGEST-MD5"; // its secret hashes the name: only the stored form works
            data.Add(mechanism, "ALICE", "secret", !digest);
            data.Add(mechanism, "alice@example.com", "secret", !digest);
            data.Add(mechanism, "alice@EXAMPLE.org", "secret", !digest);
            data.Add(mechanism, "alice@sasl.example", "secret", !digest);
            data.Add(mechanism, "plainonly", "secret", mechanism is "PLAIN" or "LOGIN" or "SCRAM-SHA-256" or "SCRAM-SHA-1");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Logins))]
    public async Task Logins_succeed_only_with_the_right_password_of_an_account_that_has_the_secret(string mechanism, string user, string password, bool expected)
    {
        var step = await SaslTestClient.LoginAsync(_factory.Create(mechanism, All)!, user, password);

        if (expected)
        {
            Assert.Equal(SaslStepKind.Success, step.Kind);
            Assert.Equal(user, step.User);
            Assert.Equal(user == "plainonly" ? "plainonly" : "alice", _credentials.ResolveAccountName(user));
        }
        else
        {
            // A missing secret, an unknown user and a wrong password all end the same way.
            Assert.Equal(SaslStepKind.Failure, step.Kind);
            Assert.Equal(SaslFailure.BadCredentials, step.Reason);
        }
    }

    [Theory]
    [InlineData("SCRAM-SHA-256")]
    [InlineData("SCRAM-SHA-1")]
    public async Task An_unknown_user_gets_a_stable_salt_and_the_real_iteration_count(string mechanism)
    {
        async Task<string> ServerFirstAsync(string user) => System.Text.Encoding.UTF8.GetString(
            (await _factory.Create(mechanism, All)!.StepAsync(System.Text.Encoding.UTF8.GetBytes($"n,,n={user},r=abc"), None)).Data);

        var unknown = await ServerFirstAsync("nobody");
        var known = await ServerFirstAsync("alice");

        Assert.EndsWith(",i=4096", unknown);
        Assert.EndsWith(",i=4096", known);
        Assert.Equal(unknown.Split(',')[1], (await ServerFirstAsync("nobody")).Split(',')[1]);
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("Alice", "alice")]
    [InlineData("alice@example.com", "alice")]
    [InlineData("Alice@Example.COM", "alice")]
    [InlineData("alice@sasl.example", "alice")]
    [InlineData("alice@SASL.example", "alice")]
    [InlineData("alice@other.example", null)]
    [InlineData("alice@", null)]
    [InlineData("@example.com", null)]
    [InlineData("a@b@example.com", null)]
    [InlineData("al ice", null)]
    [InlineData("", null)]
    public void ResolveAccountName_accepts_a_name_alone_or_with_a_local_domain(string user, string? expected)
    {
        Assert.Equal(expected, _credentials.ResolveAccountName(user));
    }

    [Fact]
    public async Task Without_a_SASL_local_domain_only_the_local_domains_are_accepted()
    {
        var credentials = new AccountSaslCredentials(_store, domain => domain == "example.com", "");

        Assert.Equal("alice", credentials.ResolveAccountName("alice@example.com"));
        Assert.Null(credentials.ResolveAccountName("alice@sasl.example"));
        Assert.True(await credentials.VerifyPasswordAsync("alice@example.com", "secret", None));
        Assert.False(await credentials.VerifyPasswordAsync("alice@sasl.example", "secret", None));
    }

    [Fact]
    public async Task Missing_secrets_and_unknown_users_read_as_null()
    {
        Assert.Null(await _credentials.GetCramMd5Async("plainonly", None));
        Assert.Null(await _credentials.GetDigestMd5Async("plainonly", Realm, None));
        Assert.Null(await _credentials.GetDigestMd5Async("alice", "other-realm", None));
        Assert.Null(await _credentials.GetScramAsync("nobody", ScramAlgorithm.Sha256, None));
        Assert.Null(await _credentials.GetScramAsync("alice@other.example", ScramAlgorithm.Sha256, None));
        Assert.NotNull(await _credentials.GetScramAsync("plainonly", ScramAlgorithm.Sha1, None));
    }
}
