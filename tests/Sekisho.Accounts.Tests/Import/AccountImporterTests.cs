using System.Security.Cryptography;
using Sekisho.Accounts.Import;
using Sekisho.Accounts.Tests.Support;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Accounts.Tests.Import;

/// <summary>Imports into a real (SQLite) store, then checks what was stored and what the report says.</summary>
public sealed class AccountImporterTests : IAsyncLifetime
{
    private const string Realm = "mail.example.com";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string[] Mechanisms = ["SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN"];
    private readonly TemporaryDirectory _directory = new();
    private readonly SqliteAccountStore _store;

    public AccountImporterTests()
    {
        _store = new SqliteAccountStore(_directory.Combine("accounts.db"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_plaintext_password_gives_every_enabled_mechanism()
    {
        var outcome = Assert.Single(await ImportAsync("alice:{PLAIN}secret", cram: true));

        Assert.Equal(ImportStatus.Imported, outcome.Status);
        Assert.Equal(Mechanisms, outcome.Working);
        Assert.Empty(outcome.NeedPassword);
        Assert.True(await _store.VerifyPasswordAsync("alice", "secret", None));
        Assert.Equal(CramMd5Secret.Derive("secret").Context, (await _store.GetCredentialsAsync("alice", None))!.CramMd5!.Context);
    }

    [Fact]
    public async Task A_SHA_crypt_hash_works_for_PLAIN_and_LOGIN_and_the_rest_needs_a_new_password()
    {
        var hash = ShaCrypt.Hash("secret", "salty", null, sha512: true);

        var outcome = Assert.Single(await ImportAsync("bob:{SHA512-CRYPT}" + hash + ":1000:1000::/home/bob::", cram: true));

        Assert.Equal(ImportStatus.Imported, outcome.Status);
        Assert.Equal(["PLAIN", "LOGIN"], outcome.Working);
        Assert.Equal(["SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5"], outcome.NeedPassword);
        Assert.True(await _store.VerifyPasswordAsync("bob", "secret", None));
        Assert.False(await _store.VerifyPasswordAsync("bob", "wrong", None));
    }

    [Fact]
    public async Task A_CRAM_MD5_secret_is_stored_only_when_CRAM_MD5_is_enabled()
    {
        var line = "carol:" + CramMd5Secret.Derive("secret").ToStorageString().Replace("CRAM-MD5$", "{CRAM-MD5}");

        var refused = Assert.Single(await ImportAsync(line, cram: false));
        Assert.Equal(ImportStatus.Refused, refused.Status);
        Assert.Contains(refused.Notes, note => note.Contains("CRAM-MD5 is not enabled"));
        Assert.Null(await _store.FindAsync("carol", None));

        var imported = Assert.Single(await ImportAsync(line, cram: true));
        Assert.Equal(ImportStatus.Imported, imported.Status);
        Assert.Equal(["CRAM-MD5"], imported.Working);
        Assert.Equal(["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "LOGIN"], imported.NeedPassword);
    }

    [Fact]
    public async Task A_DIGEST_MD5_secret_for_another_realm_is_dropped_with_a_note()
    {
        var digest = DigestMd5Secret.Derive("dave", "old.example", "secret");
        var line = "dave@old.example:{DIGEST-MD5}" + Convert.ToHexStringLower(digest.Hash);

        var outcome = Assert.Single(await ImportAsync(line, cram: false, digest: true));

        Assert.Equal(ImportStatus.Refused, outcome.Status);
        Assert.Contains(outcome.Notes, note => note.Contains("realm 'old.example'"));
    }

    [Fact]
    public async Task Existing_accounts_are_left_unchanged_so_an_import_can_run_again()
    {
        await _store.AddAsync("alice", "original", false, None);

        var outcomes = await ImportAsync("alice:{PLAIN}other\nerin:{PLAIN}new\nerin:{PLAIN}again", cram: false);

        Assert.Equal([ImportStatus.Exists, ImportStatus.Imported, ImportStatus.Exists], outcomes.Select(outcome => outcome.Status));
        Assert.Equal([1, 2, 3], outcomes.Select(outcome => outcome.Line));
        Assert.True(await _store.VerifyPasswordAsync("alice", "original", None));
        Assert.True(await _store.VerifyPasswordAsync("erin", "new", None));
    }

    [Fact]
    public async Task Saslpasswd_dumps_derive_everything_and_report_nothing_secret()
    {
        var file = ImportFileParser.Parse(new StringReader("frank@mail.example.com:hunter2\n"), ImportFormat.Saslpasswd);
        var importer = new AccountImporter(_store, new CredentialOptions { StoreDigestMd5 = true, DigestRealm = Realm }, ["DIGEST-MD5", "PLAIN"]);

        var outcome = Assert.Single(await importer.ImportAsync(file.Entries, None));

        Assert.Equal(["DIGEST-MD5", "PLAIN"], outcome.Working);
        Assert.DoesNotContain("hunter2", outcome.ToString());
        Assert.Equal(DigestMd5Secret.Derive("frank", Realm, "hunter2").Hash.ToArray(),
            (await _store.GetCredentialsAsync("frank", None))!.DigestMd5For(Realm)!.Hash.ToArray());
    }

    [Fact]
    public async Task With_APOP_enabled_a_plaintext_password_gets_its_APOP_secret_and_a_hash_needs_a_new_password()
    {
        var key = ApopKey.FromBytes(RandomNumberGenerator.GetBytes(ApopKey.Size));
        var hash = ShaCrypt.Hash("secret", "salty", null, sha512: true);
        var file = ImportFileParser.Parse(new StringReader("alice:{PLAIN}secret\nbob:{SHA512-CRYPT}" + hash), ImportFormat.Dovecot);
        var importer = new AccountImporter(_store, new CredentialOptions { ApopKey = key }, ["PLAIN", "SCRAM-SHA-256"]);

        var outcomes = await importer.ImportAsync(file.Entries, None);

        Assert.Equal(["PLAIN", "SCRAM-SHA-256", "APOP"], outcomes[0].Working);
        Assert.Empty(outcomes[0].NeedPassword);
        Assert.Equal(["PLAIN"], outcomes[1].Working);
        Assert.Equal(["SCRAM-SHA-256", "APOP"], outcomes[1].NeedPassword);
        Assert.True((await _store.GetCredentialsAsync("alice", None))!.Apop!.TryDecrypt(key, "alice", out var password));
        Assert.Equal("secret", password);
        Assert.Null((await _store.GetCredentialsAsync("bob", None))!.Apop);
    }

    private async Task<IReadOnlyList<ImportOutcome>> ImportAsync(string text, bool cram, bool digest = false)
    {
        var file = ImportFileParser.Parse(new StringReader(text), ImportFormat.Dovecot);
        Assert.Empty(file.Problems);
        var options = new CredentialOptions { StoreCramMd5 = cram, StoreDigestMd5 = digest, DigestRealm = Realm };
        return await new AccountImporter(_store, options, Mechanisms).ImportAsync(file.Entries, None);
    }
}
