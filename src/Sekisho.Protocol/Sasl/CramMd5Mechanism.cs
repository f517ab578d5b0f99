using System.Security.Cryptography;
using System.Text;

namespace Sekisho.Protocol.Sasl;

/// <summary>
/// CRAM-MD5 (RFC 2195): the server sends <c>&lt;nonce@hostname&gt;</c>, the client answers
/// <c>user SP hex(HMAC-MD5(password, challenge))</c>. The server speaks first, so an initial response on the AUTH
/// command is refused as malformed (RFC 4954 4). The digest is read case-insensitively (RFC 2195 asks for lower
/// case) and compared in constant time.
/// </summary>
public sealed class CramMd5Mechanism : SaslMechanism
{
    internal const SaslSecurity Security =
        SaslSecurity.ActiveAttackable | SaslSecurity.DictionaryAttackable | SaslSecurity.NoMutualAuthentication;

    private readonly ISaslCredentials _credentials;
    private readonly SaslServerOptions _options;
    private byte[]? _challenge;

    /// <summary>Creates the mechanism for one exchange.</summary>
    /// <param name="credentials">Supplies the CRAM-MD5 secrets.</param>
    /// <param name="options">Supplies the host name, the nonce source and the decoy key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public CramMd5Mechanism(ISaslCredentials credentials, SaslServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(options);
        _credentials = credentials;
        _options = options;
    }

    /// <inheritdoc/>
    public override string Name => "CRAM-MD5";

    /// <inheritdoc/>
    public override SaslSecurity Properties => Security;

    /// <inheritdoc/>
    protected override async Task<SaslStep> NextAsync(byte[]? response, bool initial, CancellationToken cancellationToken)
    {
        if (initial)
        {
            if (response is not null)
            {
                return SaslStep.Failure(SaslFailure.Malformed);
            }
            _challenge = Encoding.UTF8.GetBytes("<" + _options.NextNonce() + "@" + _options.Hostname + ">");
            return SaslStep.Challenge(_challenge);
        }
        if (!TryParse(response!, out var user, out var digest))
        {
            return SaslStep.Failure(SaslFailure.Malformed);
        }
        AttemptedUser = user;
        var secret = await _credentials.GetCramMd5Async(user, cancellationToken).ConfigureAwait(false);
        var expected = (secret ?? SaslDecoy.CramMd5(_options, user)).ComputeResponse(_challenge);
        return CryptographicOperations.FixedTimeEquals(expected, digest) && secret is not null
            ? SaslStep.Success(user)
            : SaslStep.Failure(SaslFailure.BadCredentials);
    }

    /// <summary>Splits <c>user SP digest</c> at the last space; the digest is 32 hex digits.</summary>
    private static bool TryParse(ReadOnlySpan<byte> response, out string user, out byte[] digest)
    {
        user = "";
        digest = [];
        var space = response.LastIndexOf((byte)' ');
        return space > 0
            && SaslText.TryDecodeUtf8(response[..space], out user)
            && SaslText.TryParseHex(Encoding.ASCII.GetString(response[(space + 1)..]), 16, out digest);
    }
}
