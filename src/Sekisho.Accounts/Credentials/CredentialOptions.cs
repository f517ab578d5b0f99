namespace Sekisho.Accounts;

/// <summary>
/// Which secrets <see cref="IAccountStore.AddAsync(string, string, bool, CredentialOptions, CancellationToken)"/> and
/// <see cref="IAccountStore.SetPasswordAsync(string, string, CredentialOptions, CancellationToken)"/> store besides the
/// PBKDF2 hash (PLAIN, LOGIN) and the SCRAM-SHA-256 / SCRAM-SHA-1 verifiers, which are always stored. The CRAM-MD5
/// and DIGEST-MD5 secrets are password-equivalent (whoever reads them can log in with those mechanisms), and the APOP
/// secret is the password itself, encrypted; so they are stored only when the configuration enables the mechanism.
/// </summary>
public sealed record CredentialOptions
{
    /// <summary>PBKDF2 and SCRAM only: what an installation without CRAM-MD5 and DIGEST-MD5 stores.</summary>
    public static CredentialOptions Default { get; } = new();

    /// <summary>Store the CRAM-MD5 HMAC-MD5 context (password-equivalent for CRAM-MD5).</summary>
    public bool StoreCramMd5 { get; init; }

    /// <summary>Store the DIGEST-MD5 H(user:realm:password) for <see cref="DigestRealm"/> (password-equivalent for DIGEST-MD5).</summary>
    public bool StoreDigestMd5 { get; init; }

    /// <summary>
    /// The DIGEST-MD5 realm: <c>smtpd_sasl_local_domain</c>, or <c>myhostname</c> when that is empty (the realm the
    /// server announces). Required when <see cref="StoreDigestMd5"/> is set.
    /// </summary>
    public string DigestRealm { get; init; } = "";

    /// <summary>
    /// With a key, also store the APOP secret: the password encrypted under this key (POP3 <c>pop3_enable_apop = yes</c>;
    /// the key is <c>$data_directory/apop.key</c>). Null (the default): no APOP secret.
    /// </summary>
    public ApopKey? ApopKey { get; init; }

    /// <summary>Whether APOP secrets are stored (and so kept by <see cref="IAccountStore.PruneSecretsAsync"/>).</summary>
    public bool StoreApop => ApopKey is not null;

    /// <summary>
    /// The options for a configuration's SASL mechanisms: the password-equivalent secrets of exactly the enabled ones
    /// (no APOP: add <see cref="ApopKey"/> for that).
    /// </summary>
    /// <param name="enabledMechanisms">The configured mechanism names (<c>smtpd_sasl_mechanisms</c>), any letter case.</param>
    /// <param name="digestRealm">The DIGEST-MD5 realm (<c>smtpd_sasl_local_domain</c>, else <c>myhostname</c>).</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static CredentialOptions ForMechanisms(IEnumerable<string> enabledMechanisms, string digestRealm)
    {
        ArgumentNullException.ThrowIfNull(enabledMechanisms);
        ArgumentNullException.ThrowIfNull(digestRealm);
        var enabled = enabledMechanisms.Select(name => name.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new CredentialOptions
        {
            StoreCramMd5 = enabled.Contains(SaslMechanismNames.CramMd5),
            StoreDigestMd5 = enabled.Contains(SaslMechanismNames.DigestMd5),
            DigestRealm = digestRealm,
        };
    }

    /// <summary>Checks that the options can be applied.</summary>
    /// <exception cref="AccountException">DIGEST-MD5 is to be stored but no realm is given.</exception>
    internal void Validate()
    {
        if (StoreDigestMd5 && string.IsNullOrEmpty(DigestRealm))
        {
            throw new AccountException("DIGEST-MD5 secrets need a realm (smtpd_sasl_local_domain or myhostname)");
        }
    }
}
