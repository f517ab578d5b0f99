using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sekisho.Protocol.Sasl;

/// <summary>
/// SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677) without channel binding:
/// client-first <c>n,,n=user,r=cnonce</c>; server-first <c>r=cnonce+snonce,s=salt,i=iterations</c>;
/// client-final <c>c=biws,r=...,p=proof</c>; server-final <c>v=signature</c>, which the client acknowledges with an
/// empty response. The client speaks first, usually in the AUTH command's initial response.
/// </summary>
/// <remarks>
/// An unknown user gets a decoy salt (stable per user name, see <see cref="SaslServerOptions.DecoyKey"/>) and the
/// default iteration count, and the proof is checked against decoy keys, so the exchange looks and costs the same
/// as a wrong password up to the same <see cref="SaslFailure.BadCredentials"/> after the client-final message.
/// The GS2 flag <c>y</c> is accepted (the client could bind but thinks we cannot, which is true); <c>p=</c> is
/// malformed. An <c>a=</c> authorization identity other than the user's own fails as bad credentials.
/// </remarks>
public sealed class ScramMechanism : SaslMechanism
{
    internal const SaslSecurity Security = SaslSecurity.DictionaryAttackable;

    private readonly ScramAlgorithm _algorithm;
    private readonly ISaslCredentials _credentials;
    private readonly SaslServerOptions _options;
    private ScramClientFirst? _first;
    private ScramCredential? _credential;
    private bool _known;
    private string _serverFirst = "";
    private string _nonce = "";
    private string? _authenticated;

    /// <summary>Creates the mechanism for one exchange.</summary>
    /// <param name="algorithm">SHA-1 or SHA-256.</param>
    /// <param name="credentials">Supplies the SCRAM verifiers.</param>
    /// <param name="options">Supplies the nonce source, the decoy key and the decoy iteration count.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is undefined.</exception>
    public ScramMechanism(ScramAlgorithm algorithm, ISaslCredentials credentials, SaslServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(options);
        Name = algorithm.MechanismName();
        _algorithm = algorithm;
        _credentials = credentials;
        _options = options;
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override SaslSecurity Properties => Security;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The store returned a verifier for another algorithm.</exception>
    protected override async Task<SaslStep> NextAsync(byte[]? response, bool initial, CancellationToken cancellationToken)
    {
        if (response is null)
        {
            return SaslStep.Challenge([]);
        }
        if (_first is null)
        {
            return await ClientFirstAsync(response, cancellationToken).ConfigureAwait(false);
        }
        if (_authenticated is null)
        {
            return ClientFinal(response);
        }
        return response.Length == 0 ? SaslStep.Success(_authenticated) : SaslStep.Failure(SaslFailure.Malformed);
    }

    private async Task<SaslStep> ClientFirstAsync(byte[] response, CancellationToken cancellationToken)
    {
        if (!ScramClientFirst.TryParse(response, out _first))
        {
            return SaslStep.Failure(SaslFailure.Malformed);
        }
        if (_first.AuthorizationId is not null && _first.AuthorizationId != _first.User)
        {
            return SaslStep.Failure(SaslFailure.BadCredentials);
        }
        AttemptedUser = _first.User;
        _credential = await _credentials.GetScramAsync(_first.User, _algorithm, cancellationToken).ConfigureAwait(false);
        if (_credential is not null && _credential.Algorithm != _algorithm)
        {
            throw new InvalidOperationException($"The credential store returned a {_credential.Algorithm.MechanismName()} verifier for {Name}.");
        }
        _known = _credential is not null;
        _credential ??= SaslDecoy.Scram(_options, _first.User, _algorithm);
        _nonce = _first.Nonce + _options.NextNonce();
        _serverFirst = string.Create(CultureInfo.InvariantCulture,
            $"r={_nonce},s={Convert.ToBase64String(_credential.Salt)},i={_credential.Iterations}");
        return SaslStep.Challenge(Encoding.UTF8.GetBytes(_serverFirst));
    }

    private SaslStep ClientFinal(byte[] response)
    {
        if (!ScramClientFinal.TryParse(response, out var final)
            || !final.ChannelBinding.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(_first!.Gs2Header))
            || final.Nonce != _nonce
            || final.Proof.Length != _algorithm.HashSize())
        {
            return SaslStep.Failure(SaslFailure.Malformed);
        }
        var authMessage = Encoding.UTF8.GetBytes(_first.Bare + "," + _serverFirst + "," + final.WithoutProof);
        var clientSignature = _algorithm.Hmac(_credential!.StoredKey, authMessage);
        var clientKey = new byte[clientSignature.Length];
        for (var i = 0; i < clientKey.Length; i++)
        {
            clientKey[i] = (byte)(final.Proof[i] ^ clientSignature[i]);
        }
        var proven = CryptographicOperations.FixedTimeEquals(_algorithm.Hash(clientKey), _credential.StoredKey);
        if (!proven || !_known)
        {
            return SaslStep.Failure(SaslFailure.BadCredentials);
        }
        _authenticated = _first.User;
        var serverSignature = _algorithm.Hmac(_credential.ServerKey, authMessage);
        return SaslStep.Challenge(Encoding.ASCII.GetBytes("v=" + Convert.ToBase64String(serverSignature)));
    }
}
