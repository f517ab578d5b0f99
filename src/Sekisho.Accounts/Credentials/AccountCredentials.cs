using Sekisho.Protocol.Sasl;

namespace Sekisho.Accounts;

/// <summary>
/// Everything an account can authenticate with, none of it the password in clear: the slow hash for PLAIN and LOGIN,
/// the SCRAM verifiers, and (only where the configuration enables those mechanisms) the password-equivalent CRAM-MD5
/// and DIGEST-MD5 secrets and the APOP secret (the password encrypted under <see cref="ApopKey"/>). A missing item
/// makes its mechanism fail for the account exactly like a wrong password.
/// </summary>
public sealed record AccountCredentials
{
    /// <summary>No credentials at all: the account receives mail but cannot log in.</summary>
    public static AccountCredentials None { get; } = new();

    /// <summary>The <see cref="PasswordHasher"/> hash (or an imported SHA-crypt hash); empty when there is none.</summary>
    public string PasswordHash { get; init; } = "";

    /// <summary>The SCRAM-SHA-256 verifier, or null.</summary>
    public ScramCredential? ScramSha256 { get; init; }

    /// <summary>The SCRAM-SHA-1 verifier, or null.</summary>
    public ScramCredential? ScramSha1 { get; init; }

    /// <summary>The CRAM-MD5 context, or null.</summary>
    public CramMd5Secret? CramMd5 { get; init; }

    /// <summary>The DIGEST-MD5 secrets, at most one per realm.</summary>
    public IReadOnlyList<DigestMd5Secret> DigestMd5 { get; init; } = [];

    /// <summary>The APOP secret (POP3 <c>pop3_enable_apop</c>), or null.</summary>
    public ApopSecret? Apop { get; init; }

    /// <summary>Derives every credential from a password, as <c>sekisho user add</c> and <c>passwd</c> do.</summary>
    /// <param name="name">The normalized account name (DIGEST-MD5 hashes it with the password).</param>
    /// <param name="password">The password, not empty.</param>
    /// <param name="options">Which password-equivalent secrets to store.</param>
    /// <returns>The PBKDF2 hash and the SCRAM verifiers (random 16-byte salts, 4096 iterations), plus what <paramref name="options"/> asks for.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="AccountException">The options ask for DIGEST-MD5 without a realm.</exception>
    public static AccountCredentials Derive(string name, string password, CredentialOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new AccountCredentials
        {
            PasswordHash = PasswordHasher.Hash(password),
            ScramSha256 = ScramCredential.Derive(password, ScramAlgorithm.Sha256),
            ScramSha1 = ScramCredential.Derive(password, ScramAlgorithm.Sha1),
            CramMd5 = options.StoreCramMd5 ? CramMd5Secret.Derive(password) : null,
            DigestMd5 = options.StoreDigestMd5 ? [DigestMd5Secret.Derive(name, options.DigestRealm, password)] : [],
            Apop = options.ApopKey is { } key ? ApopSecret.Encrypt(key, name, password) : null,
        };
    }

    /// <summary>The SCRAM verifier for <paramref name="algorithm"/>, or null.</summary>
    /// <param name="algorithm">SHA-1 or SHA-256.</param>
    public ScramCredential? Scram(ScramAlgorithm algorithm) => algorithm switch
    {
        ScramAlgorithm.Sha256 => ScramSha256,
        ScramAlgorithm.Sha1 => ScramSha1,
        _ => null,
    };

    /// <summary>The DIGEST-MD5 secret for <paramref name="realm"/> (compared exactly), or null.</summary>
    /// <param name="realm">The realm of the exchange.</param>
    public DigestMd5Secret? DigestMd5For(string realm) => DigestMd5.FirstOrDefault(secret => secret.Realm == realm);

    /// <summary>Whether the account can log in with <paramref name="mechanism"/>: the secret it needs is there.</summary>
    /// <param name="mechanism">A mechanism name (any letter case), or <see cref="ApopSecret.MechanismName"/>.</param>
    /// <param name="digestRealm">The realm DIGEST-MD5 runs in.</param>
    /// <returns><see langword="false"/> for an unknown mechanism.</returns>
    public bool Supports(string mechanism, string digestRealm)
    {
        ArgumentNullException.ThrowIfNull(mechanism);
        return mechanism.ToUpperInvariant() switch
        {
            SaslMechanismNames.Plain or SaslMechanismNames.Login => PasswordHasher.CanVerify(PasswordHash),
            SaslMechanismNames.ScramSha256 => ScramSha256 is not null,
            SaslMechanismNames.ScramSha1 => ScramSha1 is not null,
            SaslMechanismNames.CramMd5 => CramMd5 is not null,
            SaslMechanismNames.DigestMd5 => DigestMd5For(digestRealm) is not null,
            ApopSecret.MechanismName => Apop is not null,
            _ => false,
        };
    }
}
