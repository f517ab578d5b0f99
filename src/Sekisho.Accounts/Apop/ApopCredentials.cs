using System.Security.Cryptography;
using Sekisho.Protocol.Pop3;

namespace Sekisho.Accounts;

/// <summary>
/// APOP (RFC 1939 7) over an <see cref="IAccountStore"/>: reads the account's <see cref="ApopSecret"/>, decrypts the
/// password with the <see cref="ApopKey"/> and checks MD5(timestamp + password) against the client's digest in fixed
/// time. Every attempt does one lookup, one decryption and one digest: an unknown user (or an account without a secret)
/// goes through a decoy secret, so it costs what a wrong digest does.
/// </summary>
public sealed class ApopCredentials
{
    /// <summary>The decoy's associated data: no account has an empty name.</summary>
    private const string DecoyAccount = "";

    private readonly IAccountStore _store;
    private readonly Func<string, string?> _resolveAccountName;
    private readonly ApopSecret _decoy;
    private readonly string _decoyPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>Creates the checker.</summary>
    /// <param name="store">The account store.</param>
    /// <param name="resolveAccountName">
    /// The account a login name stands for, or null (<see cref="AccountSaslCredentials.ResolveAccountName"/>: <c>alice</c>,
    /// <c>Alice</c> and <c>alice@local.domain</c> are one account; the digest does not include the name).
    /// </param>
    /// <param name="key">The key the secrets are encrypted under.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ApopCredentials(IAccountStore store, Func<string, string?> resolveAccountName, ApopKey key)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(resolveAccountName);
        ArgumentNullException.ThrowIfNull(key);
        _store = store;
        _resolveAccountName = resolveAccountName;
        Key = key;
        _decoy = ApopSecret.Encrypt(key, DecoyAccount, _decoyPassword);
    }

    /// <summary>The key the secrets are decrypted with.</summary>
    public ApopKey Key { get; }

    /// <summary>Checks <c>APOP name digest</c>.</summary>
    /// <param name="user">The name as the client sent it.</param>
    /// <param name="timestamp">The greeting's timestamp, angle brackets included.</param>
    /// <param name="digest">The client's digest, 32 hex digits.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The outcome; only <see cref="ApopCheckResult.Verified"/> is a login.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async Task<ApopCheck> VerifyAsync(string user, string timestamp, string digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(digest);
        var account = _resolveAccountName(user);
        var credentials = account is null ? null : await _store.GetCredentialsAsync(account, cancellationToken).ConfigureAwait(false);
        var secret = credentials?.Apop;
        var decrypted = secret is null
            ? _decoy.TryDecrypt(Key, DecoyAccount, out var password)
            : secret.TryDecrypt(Key, account!, out password);
        var matches = ApopDigest.Verify(timestamp, password ?? _decoyPassword, digest);
        if (credentials is null)
        {
            return new ApopCheck(ApopCheckResult.Failed, account);
        }
        if (secret is null)
        {
            return new ApopCheck(ApopCheckResult.NoSecret, account);
        }
        if (!decrypted)
        {
            return new ApopCheck(ApopCheckResult.Undecryptable, account, secret.KeyId);
        }
        return new ApopCheck(matches ? ApopCheckResult.Verified : ApopCheckResult.Failed, account);
    }
}
