namespace Sekisho.Protocol.Sasl;

/// <summary>
/// LOGIN (draft-murchison-sasl-login, obsolete but still common): the server asks <c>Username:</c> then
/// <c>Password:</c>, the client answers each. An initial response on the AUTH command is taken as the user name.
/// </summary>
public sealed class LoginMechanism : SaslMechanism
{
    internal const SaslSecurity Security = PlainMechanism.Security;

    private readonly ISaslCredentials _credentials;
    private string? _user;

    /// <summary>Creates the mechanism for one exchange.</summary>
    /// <param name="credentials">Checks the password.</param>
    /// <exception cref="ArgumentNullException"><paramref name="credentials"/> is null.</exception>
    public LoginMechanism(ISaslCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
    }

    /// <inheritdoc/>
    public override string Name => "LOGIN";

    /// <inheritdoc/>
    public override SaslSecurity Properties => Security;

    /// <inheritdoc/>
    protected override async Task<SaslStep> NextAsync(byte[]? response, bool initial, CancellationToken cancellationToken)
    {
        if (response is null)
        {
            return SaslStep.Challenge("Username:"u8);
        }
        if (_user is null)
        {
            if (!SaslText.TryDecodeUtf8(response, out var name) || name.Length == 0)
            {
                return SaslStep.Failure(SaslFailure.Malformed);
            }
            _user = name;
            return SaslStep.Challenge("Password:"u8);
        }
        if (!SaslText.TryDecodeUtf8(response, out var password))
        {
            return SaslStep.Failure(SaslFailure.Malformed);
        }
        AttemptedUser = _user;
        return await _credentials.VerifyPasswordAsync(_user, password, cancellationToken).ConfigureAwait(false)
            ? SaslStep.Success(_user)
            : SaslStep.Failure(SaslFailure.BadCredentials);
    }
}
