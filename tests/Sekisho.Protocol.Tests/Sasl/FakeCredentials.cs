using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

/// <summary>An in-memory account store: secrets are derived from the passwords on demand; every lookup is recorded.</summary>
internal sealed class FakeCredentials : ISaslCredentials
{
    private readonly Dictionary<string, string> passwords = new(StringComparer.Ordinal);

    /// <summary>The salt given to SCRAM credentials (the RFC 5802 one unless a test sets another).</summary>
    public Dictionary<ScramAlgorithm, byte[]> Salts { get; } = new()
    {
        [ScramAlgorithm.Sha1] = Convert.FromBase64String("QSXCR+Q6sek8bf92"),
        [ScramAlgorithm.Sha256] = Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ=="),
    };

    /// <summary>Lookups made, e.g. <c>scram:user</c>.</summary>
    public List<string> Lookups { get; } = [];

    /// <summary>When set, every lookup throws it (a store that is down).</summary>
    public Exception? Failure { get; set; }

    public FakeCredentials Add(string user, string password)
    {
        passwords[user] = password;
        return this;
    }

    public Task<bool> VerifyPasswordAsync(string user, string password, CancellationToken cancellationToken)
    {
        Record("password:" + user);
        return Task.FromResult(passwords.TryGetValue(user, out var stored) && stored == password);
    }

    public Task<ScramCredential?> GetScramAsync(string user, ScramAlgorithm algorithm, CancellationToken cancellationToken)
    {
        Record("scram:" + user);
        return Task.FromResult(passwords.TryGetValue(user, out var password)
            ? ScramCredential.Derive(password, algorithm, Salts[algorithm])
            : null);
    }

    public Task<CramMd5Secret?> GetCramMd5Async(string user, CancellationToken cancellationToken)
    {
        Record("cram-md5:" + user);
        return Task.FromResult(passwords.TryGetValue(user, out var password) ? CramMd5Secret.Derive(password) : null);
    }

    public Task<DigestMd5Secret?> GetDigestMd5Async(string user, string realm, CancellationToken cancellationToken)
    {
        Record("digest-md5:" + user + "@" + realm);
        return Task.FromResult(passwords.TryGetValue(user, out var password) ? DigestMd5Secret.Derive(user, realm, password) : null);
    }

    private void Record(string lookup)
    {
        Lookups.Add(lookup);
        if (Failure is not null)
        {
            throw Failure;
        }
    }
}
