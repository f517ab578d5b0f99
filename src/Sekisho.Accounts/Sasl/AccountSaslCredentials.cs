using Sekisho.Protocol.Sasl;

namespace Sekisho.Accounts;

/// <summary>
/// The SASL mechanisms' view of an <see cref="IAccountStore"/>. A login name is an account name (<c>alice</c>, any
/// ASCII letter case) or an account name with a local domain (<c>alice@example.com</c>, where <c>example.com</c> is the
/// SASL local domain or one of the local domains): accounts have one name space, so every such form names one account.
/// Any other name, an unknown account and a missing secret all come back as "no such user", which the mechanisms turn
/// into the same failure, after the same work, as a wrong password.
/// </summary>
/// <remarks>
/// DIGEST-MD5 hashes the login name into its secret, so it works only with the name exactly as stored (lower case,
/// without a domain); the other mechanisms accept every form above.
/// </remarks>
public sealed class AccountSaslCredentials : ISaslCredentials
{
    private readonly IAccountStore _store;
    private readonly Func<string, bool> _isLocalDomain;
    private readonly string _saslLocalDomain;

    /// <summary>Creates the view.</summary>
    /// <param name="store">The account store.</param>
    /// <param name="isLocalDomain">
    /// Whether a domain (lower-case ASCII, as the client wrote it otherwise) is one of this server's local domains
    /// (<c>mydestination</c>); <c>alice@domain</c> then names the account <c>alice</c>.
    /// </param>
    /// <param name="saslLocalDomain"><c>smtpd_sasl_local_domain</c>, also accepted after <c>@</c>; empty when not set.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public AccountSaslCredentials(IAccountStore store, Func<string, bool> isLocalDomain, string saslLocalDomain)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(isLocalDomain);
        ArgumentNullException.ThrowIfNull(saslLocalDomain);
        _store = store;
        _isLocalDomain = isLocalDomain;
        _saslLocalDomain = saslLocalDomain;
    }

    /// <summary>
    /// The account a login name stands for: for the session's log, <c>smtpd_sender_login_maps</c> and the Received
    /// header. The account may not exist; this only reads the name.
    /// </summary>
    /// <param name="user">The login name as the client sent it (what <see cref="SaslStep.User"/> holds after a success).</param>
    /// <returns>The normalized account name, or <see langword="null"/> when the name cannot stand for an account.</returns>
    public string? ResolveAccountName(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var at = user.LastIndexOf('@');
        var local = at < 0 ? user : user[..at];
        if (!AccountName.IsValid(local))
        {
            return null;
        }
        if (at >= 0)
        {
            var domain = AccountName.Normalize(user[(at + 1)..]);
            var isSaslDomain = _saslLocalDomain.Length > 0 && domain.Equals(_saslLocalDomain, StringComparison.OrdinalIgnoreCase);
            if (domain.Length == 0 || !(isSaslDomain || _isLocalDomain(domain)))
            {
                return null;
            }
        }
        return AccountName.Normalize(local);
    }

    /// <inheritdoc/>
    public async Task<bool> VerifyPasswordAsync(string user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        if (ResolveAccountName(user) is not { } name)
        {
            return PasswordHasher.VerifyAgainstDecoy(password); // the same work as for a wrong password
        }
        return await _store.VerifyPasswordAsync(name, password, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ScramCredential?> GetScramAsync(string user, ScramAlgorithm algorithm, CancellationToken cancellationToken) =>
        (await GetAsync(user, cancellationToken).ConfigureAwait(false))?.Scram(algorithm);

    /// <inheritdoc/>
    public async Task<CramMd5Secret?> GetCramMd5Async(string user, CancellationToken cancellationToken) =>
        (await GetAsync(user, cancellationToken).ConfigureAwait(false))?.CramMd5;

    /// <inheritdoc/>
    public async Task<DigestMd5Secret?> GetDigestMd5Async(string user, string realm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(realm);
        var credentials = await GetAsync(user, cancellationToken).ConfigureAwait(false);
        return credentials is not null && ResolveAccountName(user) == user ? credentials.DigestMd5For(realm) : null;
    }

    private async Task<AccountCredentials?> GetAsync(string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return ResolveAccountName(user) is { } name
            ? await _store.GetCredentialsAsync(name, cancellationToken).ConfigureAwait(false)
            : null;
    }
}
