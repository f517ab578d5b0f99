using System.Security.Cryptography;
using Sekisho.Accounts.Tests.Support;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Accounts.Tests.Accounts;

/// <summary>
/// What every <see cref="IAccountStore"/> must do, run once per backend (<see cref="SqliteAccountStoreTests"/>,
/// <see cref="PostgresAccountStoreTests"/>). Each test gets a fresh, empty database and opens stores on it through
/// <see cref="AccountStores.Open(string, TimeProvider)"/>, as the server and the CLI do.
/// </summary>
public abstract class AccountStoreContractTests : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;
    protected static readonly CredentialOptions AllSecrets = new() { StoreCramMd5 = true, StoreDigestMd5 = true, DigestRealm = "example.com" };
    protected static readonly ApopKey Key = ApopKey.FromBytes(RandomNumberGenerator.GetBytes(ApopKey.Size));
    protected static readonly ApopKey OtherKey = ApopKey.FromBytes(RandomNumberGenerator.GetBytes(ApopKey.Size));
    private readonly List<IAccountStore> _stores = [];

    /// <summary>The <c>account_database</c> value of this test's database.</summary>
    protected string Database { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync() => Database = await CreateDatabaseAsync();

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    /// <summary>Makes a fresh, empty database.</summary>
    /// <returns>Its <c>account_database</c> value (a file path or a URL).</returns>
    protected abstract Task<string> CreateDatabaseAsync();

    /// <summary>Every text value in the account tables (hashes, secrets), read behind the store's back.</summary>
    protected abstract Task<IReadOnlyList<string>> StoredTextAsync();

    /// <summary>A store on this test's database, disposed after the test.</summary>
    protected IAccountStore Open(TimeProvider? clock = null) => Track(AccountStores.Open(Database, clock ?? TimeProvider.System));

    /// <summary>Disposes <paramref name="store"/> after the test.</summary>
    protected T Track<T>(T store) where T : IAccountStore
    {
        _stores.Add(store);
        return store;
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("alice", "ALICE")]
    [InlineData("Alice", "alice")]
    [InlineData("John.Doe", "john.DOE")]
    public async Task Names_are_case_insensitive_and_stored_lower_case(string added, string looked)
    {
        var store = Open();
        await store.AddAsync(added, "secret", isAdmin: false, None);

        var account = await store.FindAsync(looked, None);

        Assert.NotNull(account);
        Assert.Equal(AccountName.Normalize(added), account.Name);
    }

    [Fact]
    public async Task Find_returns_the_account_as_added()
    {
        var clock = new ManualTimeProvider();
        clock.Advance(TimeSpan.FromDays(3));
        var store = Open(clock);
        await store.AddAsync("root", "secret", isAdmin: true, None);

        Assert.Equal(new Account("root", true, clock.GetUtcNow()), await store.FindAsync("root", None));
        Assert.Null(await store.FindAsync("nobody", None));
        Assert.Null(await store.FindAsync("not a name", None));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".alice")]
    [InlineData("-alice")]
    [InlineData("alice+tag")]
    [InlineData("alice@example.org")]
    [InlineData("al ice")]
    [InlineData("jürgen")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Add_and_Import_refuse_invalid_names(string name)
    {
        var store = Open();

        var added = await Assert.ThrowsAsync<AccountException>(() => store.AddAsync(name, "secret", false, None));
        var imported = await Assert.ThrowsAsync<AccountException>(() => store.ImportAsync(name, AccountCredentials.None, false, None));

        Assert.Contains("invalid account name", added.Message);
        Assert.Contains("invalid account name", imported.Message);
        Assert.Empty(await store.ListAsync(None));
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("alice", "ALICE")]
    public async Task Add_refuses_an_existing_name(string first, string second)
    {
        var store = Open();
        await store.AddAsync(first, "one", false, None);

        var exception = await Assert.ThrowsAsync<AccountException>(() => store.AddAsync(second, "two", true, AllSecrets, None));
        await Assert.ThrowsAsync<AccountException>(() => store.ImportAsync(second, AccountCredentials.None, true, None));

        Assert.Equal("account alice already exists", exception.Message);
        Assert.True(await store.VerifyPasswordAsync("alice", "one", None));
        Assert.Null((await store.GetCredentialsAsync("alice", None))!.CramMd5); // the refused add left nothing behind
    }

    [Fact]
    public async Task Add_and_SetPassword_refuse_an_empty_password()
    {
        var store = Open();
        await Assert.ThrowsAsync<AccountException>(() => store.AddAsync("alice", "", false, None));
        await store.AddAsync("alice", "secret", false, None);

        await Assert.ThrowsAsync<AccountException>(() => store.SetPasswordAsync("alice", "", None));
        await Assert.ThrowsAsync<AccountException>(() => store.SetPasswordAsync("alice", "", AllSecrets, None));

        Assert.True(await store.VerifyPasswordAsync("alice", "secret", None));
    }

    [Fact]
    public async Task Storing_DIGEST_MD5_secrets_needs_a_realm()
    {
        var store = Open();
        var noRealm = AllSecrets with { DigestRealm = "" };

        await Assert.ThrowsAsync<AccountException>(() => store.AddAsync("alice", "secret", false, noRealm, None));
        await store.AddAsync("alice", "secret", false, None);
        await Assert.ThrowsAsync<AccountException>(() => store.SetPasswordAsync("alice", "new", noRealm, None));

        Assert.Equal(["alice"], (await store.ListAsync(None)).Select(account => account.Name));
        Assert.True(await store.VerifyPasswordAsync("alice", "secret", None));
    }

    [Theory]
    [InlineData("alice", "secret", true)]
    [InlineData("ALICE", "secret", true)]
    [InlineData("alice", "Secret", false)]
    [InlineData("alice", "secret2", false)]
    [InlineData("alice", "", false)]
    [InlineData("bob", "secret", false)]
    [InlineData("not a name", "secret", false)]
    public async Task VerifyPassword_accepts_only_the_right_password_of_an_existing_account(string name, string password, bool expected)
    {
        var store = Open();
        await store.AddAsync("alice", "secret", false, None);

        Assert.Equal(expected, await store.VerifyPasswordAsync(name, password, None));
    }

    [Fact]
    public async Task Add_stores_the_pbkdf2_hash_and_both_scram_verifiers_by_default()
    {
        var store = Open();
        await store.AddAsync("alice", "secret", false, None);

        var credentials = await store.GetCredentialsAsync("ALICE", None);

        Assert.NotNull(credentials);
        Assert.StartsWith("$pbkdf2-sha256$i=", credentials.PasswordHash);
        foreach (var algorithm in new[] { ScramAlgorithm.Sha256, ScramAlgorithm.Sha1 })
        {
            var scram = credentials.Scram(algorithm);
            Assert.NotNull(scram);
            Assert.Equal(algorithm, scram.Algorithm);
            Assert.Equal(4096, scram.Iterations);
            Assert.Equal(16, scram.Salt.Length);
            AssertScramMatches(scram, "secret");
        }
        Assert.Null(credentials.CramMd5);
        Assert.Empty(credentials.DigestMd5);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Password_equivalent_secrets_are_stored_only_when_their_mechanism_is_enabled(bool cram, bool digest)
    {
        var store = Open();
        var options = new CredentialOptions { StoreCramMd5 = cram, StoreDigestMd5 = digest, DigestRealm = "mail.example.com" };
        await store.AddAsync("Alice", "secret", false, options, None);

        var credentials = (await store.GetCredentialsAsync("alice", None))!;

        Assert.Equal(cram, credentials.CramMd5 is not null);
        Assert.Equal(cram ? CramMd5Secret.Derive("secret").Context : null, credentials.CramMd5?.Context);
        Assert.Equal(digest ? ["mail.example.com"] : [], credentials.DigestMd5.Select(secret => secret.Realm));
        if (digest)
        {
            // DIGEST-MD5 hashes the stored (lower-case) name: the name clients must type.
            Assert.Equal(DigestMd5Secret.Derive("alice", "mail.example.com", "secret").Hash.ToArray(), credentials.DigestMd5For("mail.example.com")!.Hash.ToArray());
        }
        Assert.NotNull(credentials.ScramSha256);
        Assert.NotNull(credentials.ScramSha1);
    }

    [Fact]
    public async Task Every_account_and_every_password_change_gets_fresh_scram_salts()
    {
        var store = Open();
        await store.AddAsync("alice", "same", false, None);
        await store.AddAsync("bob", "same", false, None);
        var alice = (await store.GetCredentialsAsync("alice", None))!;
        var bob = (await store.GetCredentialsAsync("bob", None))!;
        await store.SetPasswordAsync("alice", "same", None);
        var aliceAgain = (await store.GetCredentialsAsync("alice", None))!;

        var salts = new[] { alice, bob, aliceAgain }.SelectMany(c => new[] { Convert.ToBase64String(c.ScramSha256!.Salt), Convert.ToBase64String(c.ScramSha1!.Salt) });

        Assert.Equal(6, salts.Distinct().Count());
    }

    [Fact]
    public async Task The_database_holds_hashes_and_verifiers_and_never_the_password()
    {
        var store = Open();
        await store.AddAsync("alice", "hunter2-plaintext", false, AllSecrets, None);
        await store.SetPasswordAsync("alice", "hunter3-plaintext", AllSecrets, None);

        var stored = await StoredTextAsync();

        Assert.Contains(stored, text => text.StartsWith("$pbkdf2-sha256$i=", StringComparison.Ordinal));
        Assert.Contains(stored, text => text.StartsWith("SCRAM-SHA-256$4096$", StringComparison.Ordinal));
        Assert.Contains(stored, text => text.StartsWith("SCRAM-SHA-1$4096$", StringComparison.Ordinal));
        Assert.Contains(stored, text => text.StartsWith("CRAM-MD5$", StringComparison.Ordinal));
        Assert.Contains(stored, text => text.StartsWith("DIGEST-MD5$", StringComparison.Ordinal));
        Assert.DoesNotContain(stored, text => text.Contains("hunter", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("Alice", true)]
    [InlineData("bob", false)]
    public async Task SetPassword_replaces_the_password_of_an_existing_account(string name, bool expected)
    {
        var store = Open();
        await store.AddAsync("alice", "old", false, None);

        Assert.Equal(expected, await store.SetPasswordAsync(name, "new", None));

        Assert.Equal(expected, await store.VerifyPasswordAsync("alice", "new", None));
        Assert.Equal(!expected, await store.VerifyPasswordAsync("alice", "old", None));
        AssertScramMatches((await store.GetCredentialsAsync("alice", None))!.ScramSha256!, expected ? "new" : "old");
        Assert.Null(await store.GetCredentialsAsync("bob", None));
    }

    [Fact]
    public async Task SetPassword_replaces_every_secret_and_drops_those_no_longer_enabled()
    {
        var store = Open();
        await store.AddAsync("alice", "old", false, AllSecrets, None);

        Assert.True(await store.SetPasswordAsync("alice", "new", new CredentialOptions { StoreCramMd5 = true }, None));

        var credentials = (await store.GetCredentialsAsync("alice", None))!;
        Assert.Equal(CramMd5Secret.Derive("new").Context, credentials.CramMd5!.Context);
        Assert.Empty(credentials.DigestMd5);
        AssertScramMatches(credentials.ScramSha1!, "new");
    }

    [Fact]
    public async Task SetPassword_with_a_new_realm_replaces_the_DIGEST_MD5_secret()
    {
        var store = Open();
        await store.AddAsync("alice", "secret", false, AllSecrets, None);

        await store.SetPasswordAsync("alice", "secret", AllSecrets with { DigestRealm = "new.example" }, None);

        Assert.Equal(["new.example"], (await store.GetCredentialsAsync("alice", None))!.DigestMd5.Select(secret => secret.Realm));
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("ALICE", true)]
    [InlineData("bob", false)]
    [InlineData("not a name", false)]
    public async Task Delete_removes_an_existing_account_and_its_secrets(string name, bool expected)
    {
        var store = Open();
        await store.AddAsync("alice", "secret", false, AllSecrets, None);

        Assert.Equal(expected, await store.DeleteAsync(name, None));

        Assert.Equal(expected, await store.FindAsync("alice", None) is null);
        Assert.Equal(expected, await store.GetCredentialsAsync("alice", None) is null);
        Assert.Equal(expected ? 0 : 5, (await StoredTextAsync()).Count);
    }

    [Fact]
    public async Task A_new_account_of_a_deleted_name_gets_none_of_the_old_secrets()
    {
        var store = Open();
        await store.AddAsync("alice", "old", false, AllSecrets, None);
        await store.DeleteAsync("alice", None);

        await store.AddAsync("alice", "new", false, None);

        var credentials = (await store.GetCredentialsAsync("alice", None))!;
        Assert.Null(credentials.CramMd5);
        Assert.Empty(credentials.DigestMd5);
        AssertScramMatches(credentials.ScramSha256!, "new");
    }

    [Fact]
    public async Task Import_stores_credentials_as_given_and_checks_a_SHA_crypt_hash()
    {
        var store = Open();
        var cram = CramMd5Secret.Derive("imported");
        var credentials = new AccountCredentials { PasswordHash = ShaCrypt.Hash("imported", "saltsalt", null, sha512: true), CramMd5 = cram };

        await store.ImportAsync("Carol", credentials, isAdmin: true, None);

        var stored = (await store.GetCredentialsAsync("carol", None))!;
        Assert.StartsWith("$6$saltsalt$", stored.PasswordHash);
        Assert.Equal(cram.Context, stored.CramMd5!.Context);
        Assert.Null(stored.ScramSha256);
        Assert.True((await store.FindAsync("carol", None))!.IsAdmin);
        Assert.True(await store.VerifyPasswordAsync("carol", "imported", None));
        Assert.False(await store.VerifyPasswordAsync("carol", "wrong", None));
    }

    [Fact]
    public async Task An_account_without_a_password_hash_never_passes_VerifyPassword()
    {
        var store = Open();
        await store.ImportAsync("dave", new AccountCredentials { CramMd5 = CramMd5Secret.Derive("pw") }, false, None);

        Assert.False(await store.VerifyPasswordAsync("dave", "pw", None));
        Assert.False(await store.VerifyPasswordAsync("dave", "", None));
        Assert.NotNull(await store.FindAsync("dave", None));
    }

    [Theory]
    [InlineData("{SSHA512}abc")]
    [InlineData("$2y$05$abcdefghijklmnopqrstuv")]
    [InlineData("$1$salt$hash")]
    [InlineData("plaintext")]
    public async Task Import_refuses_a_password_hash_it_cannot_verify(string hash)
    {
        var store = Open();

        var exception = await Assert.ThrowsAsync<AccountException>(() => store.ImportAsync("erin", new AccountCredentials { PasswordHash = hash }, false, None));

        Assert.Contains("cannot verify", exception.Message);
        Assert.DoesNotContain(hash, exception.Message);
        Assert.Null(await store.FindAsync("erin", None));
    }

    [Theory]
    [InlineData(false, false, "", 4)]
    [InlineData(true, false, "", 2)]
    [InlineData(false, true, "a.example", 3)]
    [InlineData(true, true, "a.example", 1)]
    [InlineData(true, true, "c.example", 2)]
    public async Task PruneSecrets_removes_the_secrets_of_disabled_mechanisms_and_other_realms(bool cram, bool digest, string realm, int removed)
    {
        var store = Open();
        await store.AddAsync("alice", "one", false, AllSecrets with { DigestRealm = "a.example" }, None);
        await store.AddAsync("bob", "two", false, AllSecrets with { DigestRealm = "b.example" }, None);

        var count = await store.PruneSecretsAsync(new CredentialOptions { StoreCramMd5 = cram, StoreDigestMd5 = digest, DigestRealm = realm }, None);

        Assert.Equal(removed, count);
        var alice = (await store.GetCredentialsAsync("alice", None))!;
        Assert.Equal(cram, alice.CramMd5 is not null);
        Assert.Equal(digest && realm == "a.example", alice.DigestMd5For("a.example") is not null);
        Assert.NotNull(alice.ScramSha256);
        Assert.True(await store.VerifyPasswordAsync("bob", "two", None));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_APOP_secret_is_stored_only_when_APOP_is_enabled_and_decrypts_only_with_its_key(bool apop)
    {
        var store = Open();
        await store.AddAsync("Alice", "hunter2-apop", false, new CredentialOptions { ApopKey = apop ? Key : null }, None);

        var credentials = (await store.GetCredentialsAsync("alice", None))!;

        Assert.Equal(apop, credentials.Apop is not null);
        Assert.Equal(apop, credentials.Supports(ApopSecret.MechanismName, ""));
        if (apop)
        {
            Assert.True(credentials.Apop!.TryDecrypt(Key, "alice", out var password));
            Assert.Equal("hunter2-apop", password);
            Assert.Equal(Key.Id, credentials.Apop.KeyId);
            Assert.False(credentials.Apop.TryDecrypt(OtherKey, "alice", out _));
        }
        var stored = await StoredTextAsync();
        Assert.Equal(apop ? 4 : 3, stored.Count); // the hash, two SCRAM verifiers, and the APOP secret
        Assert.Equal(apop, stored.Any(text => text.StartsWith($"APOP${Key.Id}$", StringComparison.Ordinal)));
        Assert.DoesNotContain(stored, text => text.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SetPassword_with_APOP_enabled_gives_an_older_account_its_secret_and_without_removes_it()
    {
        var store = Open();
        await store.AddAsync("alice", "old", false, None);
        Assert.Null((await store.GetCredentialsAsync("alice", None))!.Apop);

        Assert.True(await store.SetPasswordAsync("ALICE", "new", new CredentialOptions { ApopKey = Key }, None));
        Assert.True((await store.GetCredentialsAsync("alice", None))!.Apop!.TryDecrypt(Key, "alice", out var password));
        Assert.Equal("new", password);

        Assert.True(await store.SetPasswordAsync("alice", "newer", CredentialOptions.Default, None));
        Assert.Null((await store.GetCredentialsAsync("alice", None))!.Apop);
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 0)]
    public async Task PruneSecrets_removes_APOP_secrets_when_APOP_is_disabled_and_keeps_them_under_any_key_when_not(bool apop, int removed)
    {
        var store = Open();
        await store.AddAsync("alice", "one", false, AllSecrets with { ApopKey = Key }, None);
        await store.AddAsync("bob", "two", false, new CredentialOptions { ApopKey = OtherKey }, None);

        var count = await store.PruneSecretsAsync(AllSecrets with { ApopKey = apop ? Key : null }, None);

        Assert.Equal(removed, count);
        var alice = (await store.GetCredentialsAsync("alice", None))!;
        Assert.Equal(apop, alice.Apop is not null);
        Assert.NotNull(alice.CramMd5);
        Assert.NotNull(alice.DigestMd5For("example.com"));
        // Made under another key: this node cannot read it, but another node may; pruning is about what is enabled only.
        Assert.Equal(apop, (await store.GetCredentialsAsync("bob", None))!.Apop is not null);
    }

    [Fact]
    public async Task List_is_in_creation_order_even_after_deletes()
    {
        var store = Open();
        foreach (var name in new[] { "carol", "alice", "bob", "dave" })
        {
            await store.AddAsync(name, "pw", name == "bob", None);
        }
        await store.DeleteAsync("dave", None);
        await store.AddAsync("aaron", "pw", false, None);

        var accounts = await store.ListAsync(None);

        Assert.Equal(["carol", "alice", "bob", "aaron"], accounts.Select(account => account.Name));
        Assert.Equal([false, false, true, false], accounts.Select(account => account.IsAdmin));
    }

    [Fact]
    public async Task Two_stores_on_one_database_see_each_others_changes()
    {
        var cli = Open();
        var server = Open();
        Assert.Empty(await server.ListAsync(None)); // the server holds the database open first

        await cli.AddAsync("alice", "secret", true, AllSecrets, None);
        Assert.True(await server.VerifyPasswordAsync("alice", "secret", None));
        Assert.NotNull((await server.GetCredentialsAsync("alice", None))!.CramMd5);

        await server.SetPasswordAsync("alice", "changed", None);
        Assert.True(await cli.VerifyPasswordAsync("alice", "changed", None));
        Assert.Null((await cli.GetCredentialsAsync("alice", None))!.CramMd5);

        await cli.DeleteAsync("alice", None);
        Assert.Null(await server.FindAsync("alice", None));
    }

    [Fact]
    public async Task Two_stores_can_write_at_the_same_time()
    {
        var first = Open();
        var second = Open();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).AddAsync($"user{i}", "pw", false, None))));
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => (i % 2 == 0 ? second : first).SetPasswordAsync($"user{i}", "pw2", None))));

        Assert.Equal(40, (await first.ListAsync(None)).Count);
        Assert.True(await second.VerifyPasswordAsync("user7", "pw2", None));
    }

    [Fact]
    public async Task A_disposed_store_refuses_work()
    {
        var store = AccountStores.Open(Database);
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ListAsync(None));
    }

    /// <summary>The verifier is what RFC 5802 derives from the password with the stored salt and count.</summary>
    protected static void AssertScramMatches(ScramCredential stored, string password)
    {
        var expected = ScramCredential.Derive(password, stored.Algorithm, stored.Salt.ToArray(), stored.Iterations);
        Assert.Equal(expected.StoredKey.ToArray(), stored.StoredKey.ToArray());
        Assert.Equal(expected.ServerKey.ToArray(), stored.ServerKey.ToArray());
    }
}
