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

    private readonly ScramAlgorithm algorithm;
    private readonly ISaslCredentials credentials;
    private readonly SaslServerOptions options;
    private ScramClientFirst? first;
    private ScramCredential? credential;
    private bool known;
    private string serverFirst = "";
    private string nonce = "";
    private string? authenticated;

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
        this.algorithm = algorithm;
        this.credentials = credentials;
        this.options = options;
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
        if (first is null)
        {
            return await ClientFirstAsync(response, cancellationToken).ConfigureAwait(false);
        }
        if (authenticated is null)
        {
            return ClientFinal(response);
        }
        return response.Length == 0 ? SaslStep.Success(authenticated) : SaslStep.Failure(SaslFailure.Malformed);
    }

    private async Task<SaslStep> ClientFirstAsync(byte[] response, CancellationToken cancellationToken)
    {
        if (!ScramClientFirst.TryParse(response, out first))
        {
            return SaslStep.Failure(SaslFailure.Malformed);
        }
        if (first.AuthorizationId is not null && first.AuthorizationId != first.User)
        {
            return SaslStep.Failure(SaslFailure.BadCredentials);
        }
        credential = await credentials.GetScramAsync(first.User, algorithm, cancellationToken).ConfigureAwait(false);
        if (credential is not null && credential.Algorithm != algorithm)
        {
            throw new InvalidOperationException($"The credential store returned a {credential.Algorithm.MechanismName()} verifier for {Name}.");
        }
        known = credential is not null;
        credential ??= SaslDecoy.Scram(options, first.User, algorithm);
        nonce = first.Nonce + options.NextNonce();
        serverFirst = string.Create(CultureInfo.InvariantCulture,
            $"r={nonce},s={Convert.ToBase64String(credential.Salt)},i={credential.Iterations}");
        return SaslStep.Challenge(Encoding.UTF8.GetBytes(serverFirst));
    }

    private SaslStep ClientFinal(byte[] response)
    {
        if (!ScramClientFinal.TryParse(response, out var final)
            || !final.ChannelBinding.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(first!.Gs2Header))
            || final.Nonce != nonce
            || final.Proof.Length != algorithm.HashSize())
        {
            return SaslStep.Failure(SaslFailure.Malformed);
        }
        var authMessage = Encoding.UTF8.GetBytes(first.Bare + "," + serverFirst + "," + final.WithoutProof);
        var clientSignature = algorithm.Hmac(credential!.StoredKey, authMessage);
        var clientKey = new byte[clientSignature.Length];
        for (var i = 0; i < clientKey.Length; i++)
        {
            clientKey[i] = (byte)(final.Proof[i] ^ clientSignature[i]);
        }
        var proven = CryptographicOperations.FixedTimeEquals(algorithm.Hash(clientKey), credential.StoredKey);
        if (!proven || !known)
        {
            return SaslStep.Failure(SaslFailure.BadCredentials);
        }
        authenticated = first.User;
        var serverSignature = algorithm.Hmac(credential.ServerKey, authMessage);
        return SaslStep.Challenge(Encoding.ASCII.GetBytes("v=" + Convert.ToBase64String(serverSignature)));
    }
}
