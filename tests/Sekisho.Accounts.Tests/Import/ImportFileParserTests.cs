using Sekisho.Accounts.Import;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Accounts.Tests.Import;

public sealed class ImportFileParserTests
{
    private const string Sha512 = "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1";
    private const string Sha256 = "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5";

    [Theory]
    [InlineData("alice:secret", "alice", null, "secret")]
    [InlineData("Alice@Example.COM:secret", "alice", "example.com", "secret")]
    [InlineData("bob:pass:with:colons", "bob", null, "pass:with:colons")]
    [InlineData("bob: leading space", "bob", null, " leading space")]
    [InlineData("carol@mail.example.com:{not a scheme", "carol", "mail.example.com", "{not a scheme")]
    public void Saslpasswd_lines_give_a_name_a_realm_and_the_password_verbatim(string line, string name, string? domain, string password)
    {
        var file = ImportFileParser.Parse(new StringReader(line), ImportFormat.Saslpasswd);

        var entry = Assert.Single(file.Entries);
        Assert.Empty(file.Problems);
        Assert.Equal((1, name, domain, password, "plaintext"), (entry.Line, entry.Name, entry.Domain, entry.Password, entry.Scheme));
        Assert.Null(entry.Credentials);
        Assert.DoesNotContain(password, entry.ToString());
    }

    [Theory]
    [InlineData("no-colon-here", "expected user:password")]
    [InlineData("alice:", "empty password")]
    [InlineData("al ice:hunter2", "not a valid account name")]
    [InlineData("jürgen@example.com:hunter2", "not a valid account name")]
    [InlineData("alice@example.com: userPassword", "sasldblistusers2 output")]
    [InlineData("alice:{SHA512-CRYPT}$6$abc$def", "--format dovecot")]
    public void Saslpasswd_lines_that_cannot_be_imported_are_refused_without_the_password(string line, string message)
    {
        var file = ImportFileParser.Parse(new StringReader("# a comment\n\n" + line), ImportFormat.Saslpasswd);

        var problem = Assert.Single(file.Problems);
        Assert.Empty(file.Entries);
        Assert.Equal(3, problem.Line);
        Assert.Contains(message, problem.Message);
        Assert.DoesNotContain("hunter2", problem.Message + problem.Name);
    }

    [Theory]
    [InlineData("alice:{PLAIN}secret:1000:1000::/home/alice::", "{PLAIN}", "secret")]
    [InlineData("alice@example.com:{CLEARTEXT}secret", "{CLEARTEXT}", "secret")]
    [InlineData("alice:{plain}secret", "{PLAIN}", "secret")]
    public void Dovecot_plaintext_passwords_are_kept_to_derive_everything(string line, string scheme, string password)
    {
        var entry = Assert.Single(ImportFileParser.Parse(new StringReader(line), ImportFormat.Dovecot).Entries);

        Assert.Equal(("alice", scheme, password), (entry.Name, entry.Scheme, entry.Password));
        Assert.Null(entry.Credentials);
    }

    [Theory]
    [InlineData("alice:{SHA512-CRYPT}" + Sha512 + ":1000:1000::/home/alice::", "{SHA512-CRYPT}", Sha512)]
    [InlineData("alice:{SHA256-CRYPT}" + Sha256, "{SHA256-CRYPT}", Sha256)]
    [InlineData("alice:{CRYPT}" + Sha512, "{CRYPT}", Sha512)]
    [InlineData("alice:" + Sha256 + "::", "{CRYPT}", Sha256)]
    public void Dovecot_SHA_crypt_hashes_become_the_password_hash(string line, string scheme, string hash)
    {
        var entry = Assert.Single(ImportFileParser.Parse(new StringReader(line), ImportFormat.Dovecot).Entries);

        Assert.Equal(scheme, entry.Scheme);
        Assert.Equal(hash, entry.Credentials!.PasswordHash);
        Assert.Null(entry.Password);
        Assert.True(PasswordHasher.Verify("Hello world!", entry.Credentials.PasswordHash));
    }

    [Fact]
    public void Dovecot_CRAM_MD5_DIGEST_MD5_and_SCRAM_values_become_those_secrets()
    {
        var cram = CramMd5Secret.Derive("secret");
        var digest = DigestMd5Secret.Derive("alice", "example.com", "secret");
        var sha1 = ScramCredential.Derive("secret", ScramAlgorithm.Sha1);
        var sha256 = ScramCredential.Derive("secret", ScramAlgorithm.Sha256, iterations: 5000);
        var text = $"""
            alice:{cram.ToStorageString().Replace("CRAM-MD5$", "{CRAM-MD5}")}
            alice@example.com:{"{DIGEST-MD5}"}{Convert.ToHexStringLower(digest.Hash)}
            alice:{"{SCRAM-SHA-1}"}{Dovecot(sha1)}
            alice:{"{SCRAM-SHA-256}"}{Dovecot(sha256)}::::
            """;

        var entries = ImportFileParser.Parse(new StringReader(text), ImportFormat.Dovecot).Entries;

        Assert.Equal(4, entries.Count);
        Assert.Equal(cram.Context, entries[0].Credentials!.CramMd5!.Context);
        Assert.Equal(digest.Hash.ToArray(), entries[1].Credentials!.DigestMd5For("example.com")!.Hash.ToArray());
        Assert.Equal(sha1.ToStorageString(), entries[2].Credentials!.ScramSha1!.ToStorageString());
        Assert.Equal(sha256.ToStorageString(), entries[3].Credentials!.ScramSha256!.ToStorageString());
        Assert.Equal(5000, entries[3].Credentials!.ScramSha256!.Iterations);
    }

    [Theory]
    [InlineData("alice:{BLF-CRYPT}$2y$05$TKnXV39M3uJ4o.AbY1HbjeAval9bunHbxd0.6Qn782yKoBjTEBXTe", "{BLF-CRYPT} cannot be verified")]
    [InlineData("alice:{SSHA512}FxgXDhBVYmTqoboW+ibyyzPv/wGG7y4VJtuHWrx+wfqrs", "{SSHA512} cannot be verified")]
    [InlineData("alice:{MD5-CRYPT}$1$GfHYI7OE$vlXqMZSyJOSPXAmbXHq250", "{MD5-CRYPT} cannot be verified")]
    [InlineData("alice:{CRYPT}$1$GfHYI7OE$vlXqMZSyJOSPXAmbXHq250", "only $5$ SHA-256 and $6$ SHA-512")]
    [InlineData("alice:{SHA512-CRYPT}" + Sha256, "malformed {SHA512-CRYPT}")]
    [InlineData("alice:{CRAM-MD5}0123", "malformed {CRAM-MD5}")]
    [InlineData("alice:{SCRAM-SHA-1}4096,c2FsdA==,AAAA,AAAA", "malformed {SCRAM-SHA-1}")]
    [InlineData("alice:{PLAIN}", "empty password")]
    [InlineData("alice:", "no password")]
    [InlineData("alice:$1$GfHYI7OE$vlXqMZSyJOSPXAmbXHq250", "no {SCHEME} prefix")]
    [InlineData("just-a-name", "expected user:{SCHEME}password")]
    [InlineData("-alice:{PLAIN}secret", "not a valid account name")]
    public void Dovecot_lines_that_cannot_be_imported_are_refused_with_a_reason(string line, string message)
    {
        var file = ImportFileParser.Parse(new StringReader(line), ImportFormat.Dovecot);

        var problem = Assert.Single(file.Problems);
        Assert.Empty(file.Entries);
        Assert.Contains(message, problem.Message);
        Assert.DoesNotContain("vlXqMZ", problem.Message);
        Assert.DoesNotContain("TKnXV39", problem.Message);
    }

    [Theory]
    [InlineData("alice:{PLAIN}secret", ImportFormat.Dovecot)]
    [InlineData("# exported\n\nalice:" + Sha512 + ":1000", ImportFormat.Dovecot)]
    [InlineData("alice:secret", ImportFormat.Saslpasswd)]
    [InlineData("alice@example.com:{lower}", ImportFormat.Saslpasswd)]
    [InlineData("", ImportFormat.Saslpasswd)]
    public void Detect_guesses_the_format_from_the_first_account_line(string text, ImportFormat expected)
    {
        Assert.Equal(expected, ImportFileParser.Detect(text));
    }

    private static string Dovecot(ScramCredential credential) =>
        $"{credential.Iterations},{Convert.ToBase64String(credential.Salt)},{Convert.ToBase64String(credential.StoredKey)},{Convert.ToBase64String(credential.ServerKey)}";
}
