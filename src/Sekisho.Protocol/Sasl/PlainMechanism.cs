namespace Sekisho.Protocol.Sasl;

/// <summary>
/// PLAIN (RFC 4616): one client message <c>[authzid] NUL authcid NUL passwd</c>, usually as the AUTH command's
/// initial response; without one the server sends an empty challenge first. The authorization identity must be
/// empty or the authentication identity itself (no proxy logins), otherwise the login fails as bad credentials
/// (RFC 4616's own example refuses <c>Ursel NUL Kurt NUL xipj3plmq</c> the same way).
/// </summary>
public sealed class PlainMechanism : SaslMechanism
{
    internal const SaslSecurity Security =
        SaslSecurity.Plaintext | SaslSecurity.ActiveAttackable | SaslSecurity.DictionaryAttackable | SaslSecurity.NoMutualAuthentication;

    private readonly ISaslCredentials _credentials;

    /// <summary>Creates the mechanism for one exchange.</summary>
    /// <param name="credentials">Checks the password.</param>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    public PlainMechanism(ISaslCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
    }

    /// <inheritdoc/>
    public override string Name => "PLAIN";

    /// <inheritdoc/>
    public override SaslSecurity Properties => Security;

    /// <inheritdoc/>
    protected override async Task<SaslStep> NextAsync(byte[]? response, bool initial, CancellationToken cancellationToken)
    {
        if (response is null)
        {
            return SaslStep.Challenge([]);
        }
        if (!TryParse(response, out var authzid, out var authcid, out var password))
        {
            return SaslStep.Failure(SaslFailure.Malformed);
        }
        if (authzid.Length > 0 && !string.Equals(authzid, authcid, StringComparison.Ordinal))
        {
            return SaslStep.Failure(SaslFailure.BadCredentials);
        }
        AttemptedUser = authcid;
        return await _credentials.VerifyPasswordAsync(authcid, password, cancellationToken).ConfigureAwait(false)
            ? SaslStep.Success(authcid)
            : SaslStep.Failure(SaslFailure.BadCredentials);
    }

    /// <summary>Splits the message at its two NULs; authcid and passwd must not be empty, and all three must be UTF-8.</summary>
    private static bool TryParse(ReadOnlySpan<byte> message, out string authzid, out string authcid, out string password)
    {
        authzid = authcid = password = "";
        var first = message.IndexOf((byte)0);
        if (first < 0)
        {
            return false;
        }
        var second = message[(first + 1)..].IndexOf((byte)0);
        if (second < 0)
        {
            return false;
        }
        second += first + 1;
        return SaslText.TryDecodeUtf8(message[..first], out authzid)
            && SaslText.TryDecodeUtf8(message[(first + 1)..second], out authcid) && authcid.Length > 0
            && SaslText.TryDecodeUtf8(message[(second + 1)..], out password) && password.Length > 0;
    }
}
