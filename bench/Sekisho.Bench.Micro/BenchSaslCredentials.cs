using System.Security.Cryptography;
using System.Text;
using Sekisho.Accounts;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Bench.Micro;

/// <summary>
/// One account's secrets in memory, answering at once, so the SASL benchmarks time the mechanisms and the
/// cryptography, not a database round trip. The password check is either the account store's (PBKDF2-SHA256 at
/// <see cref="PasswordHasher.DefaultIterations"/>) or a constant-time comparison with the plaintext (the mechanism's
/// own cost alone).
/// </summary>
internal sealed class BenchSaslCredentials : ISaslCredentials
{
    private readonly string _user;
    private readonly byte[] _password;
    private readonly string? _passwordHash;
    private readonly ScramCredential _scram;
    private readonly CramMd5Secret _cramMd5;

    /// <summary>Derives every secret of <paramref name="user"/> from <paramref name="password"/>.</summary>
    /// <param name="user">The account name.</param>
    /// <param name="password">The password.</param>
    /// <param name="salt">The SCRAM salt.</param>
    /// <param name="slowHash">Whether PLAIN checks the password as the account store does (PBKDF2) or by comparison.</param>
    public BenchSaslCredentials(string user, string password, byte[] salt, bool slowHash)
    {
        _user = user;
        _password = Encoding.UTF8.GetBytes(password);
        _passwordHash = slowHash ? PasswordHasher.Hash(password) : null;
        _scram = ScramCredential.Derive(password, ScramAlgorithm.Sha256, salt);
        _cramMd5 = CramMd5Secret.Derive(password);
    }

    /// <inheritdoc/>
    public Task<bool> VerifyPasswordAsync(string user, string password, CancellationToken cancellationToken)
    {
        var valid = _passwordHash is not null
            ? PasswordHasher.Verify(password, _passwordHash)
            : CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), _password);
        return Task.FromResult(valid && user == _user);
    }

    /// <inheritdoc/>
    public Task<ScramCredential?> GetScramAsync(string user, ScramAlgorithm algorithm, CancellationToken cancellationToken) =>
        Task.FromResult(user == _user && algorithm == _scram.Algorithm ? _scram : null);

    /// <inheritdoc/>
    public Task<CramMd5Secret?> GetCramMd5Async(string user, CancellationToken cancellationToken) =>
        Task.FromResult(user == _user ? _cramMd5 : null);

    /// <inheritdoc/>
    public Task<DigestMd5Secret?> GetDigestMd5Async(string user, string realm, CancellationToken cancellationToken) =>
        Task.FromResult<DigestMd5Secret?>(null);
}
