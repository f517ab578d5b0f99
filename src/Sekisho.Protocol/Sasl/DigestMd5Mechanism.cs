using System.Security.Cryptography;
using System.Text;

namespace Sekisho.Protocol.Sasl;

/// <summary>
/// DIGEST-MD5 (RFC 2831, historic per RFC 6331), authentication only: the server sends
/// <c>realm="...",nonce="...",qop="auth",algorithm=md5-sess,charset=utf-8</c>; the client answers with user name,
/// realm, nonce, <c>nc=00000001</c>, cnonce, <c>digest-uri="smtp/host"</c> and the response digest; the server
/// proves itself with <c>rspauth=...</c>, which the client acknowledges with an empty response.
/// </summary>
/// <remarks>
/// Any violation (wrong realm, nonce, nonce count, qop, service, a missing directive) is malformed; only the
/// digest itself and an <c>authzid</c> other than the user's own give <see cref="SaslFailure.BadCredentials"/>. An
/// unknown user's digest is checked against a decoy secret and fails at the same point as a wrong password.
/// Subsequent authentication (reusing a nonce) and integrity or privacy layers are not supported. The host part of
/// the <c>digest-uri</c> is not checked, since clients put the name or address they connected to.
/// </remarks>
public sealed class DigestMd5Mechanism : SaslMechanism
{
    internal const SaslSecurity Security = SaslSecurity.ActiveAttackable | SaslSecurity.DictionaryAttackable;

    private readonly ISaslCredentials _credentials;
    private readonly SaslServerOptions _options;
    private string _nonce = "";
    private string? _authenticated;

    /// <summary>Creates the mechanism for one exchange.</summary>
    /// <param name="credentials">Supplies the DIGEST-MD5 secrets.</param>
    /// <param name="options">Supplies the realm, the service name, the nonce source and the decoy key.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public DigestMd5Mechanism(ISaslCredentials credentials, SaslServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(options);
        _credentials = credentials;
        _options = options;
    }

    /// <inheritdoc/>
    public override string Name => "DIGEST-MD5";

    /// <inheritdoc/>
    public override SaslSecurity Properties => Security;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The store returned a secret for another realm.</exception>
    protected override async Task<SaslStep> NextAsync(byte[]? response, bool initial, CancellationToken cancellationToken)
    {
        if (initial)
        {
            if (response is not null)
            {
                return SaslStep.Failure(SaslFailure.Malformed);
            }
            _nonce = _options.NextNonce();
            var challenge = $"realm={DigestMd5Directives.Quote(_options.Realm)},nonce=\"{_nonce}\",qop=\"auth\",algorithm=md5-sess,charset=utf-8";
            return SaslStep.Challenge(Encoding.UTF8.GetBytes(challenge));
        }
        if (_authenticated is not null)
        {
            return response!.Length == 0 ? SaslStep.Success(_authenticated) : SaslStep.Failure(SaslFailure.Malformed);
        }
        if (!SaslText.TryDecodeUtf8(response, out var text)
            || !DigestMd5Directives.TryParse(text, out var directives)
            || !TryRead(directives, out var user, out var cnonce, out var nc, out var uri, out var digest))
        {
            return SaslStep.Failure(SaslFailure.Malformed);
        }
        var authzid = directives.GetValueOrDefault("authzid");
        if (authzid is not null && authzid != user)
        {
            return SaslStep.Failure(SaslFailure.BadCredentials);
        }
        AttemptedUser = user;
        var secret = await _credentials.GetDigestMd5Async(user, _options.Realm, cancellationToken).ConfigureAwait(false);
        if (secret is not null && secret.Realm != _options.Realm)
        {
            throw new InvalidOperationException($"The credential store returned a DIGEST-MD5 secret for realm {secret.Realm}, not {_options.Realm}.");
        }
        var a1 = Hex(MD5.HashData([.. (secret ?? SaslDecoy.DigestMd5(_options, user, _options.Realm)).Hash,
            .. Encoding.UTF8.GetBytes(":" + _nonce + ":" + cnonce + (authzid is null ? "" : ":" + authzid))]));
        var expected = Kd(a1, _nonce, nc, cnonce, "AUTHENTICATE:" + uri);
        if (!CryptographicOperations.FixedTimeEquals(expected, digest) || secret is null)
        {
            return SaslStep.Failure(SaslFailure.BadCredentials);
        }
        _authenticated = user;
        return SaslStep.Challenge(Encoding.ASCII.GetBytes("rspauth=" + Hex(Kd(a1, _nonce, nc, cnonce, ":" + uri))));
    }

    /// <summary>Checks the directives the server depends on and reads the ones the digest needs.</summary>
    private bool TryRead(Dictionary<string, string> d, out string user, out string cnonce, out string nc, out string uri, out byte[] digest)
    {
        user = d.GetValueOrDefault("username") ?? "";
        cnonce = d.GetValueOrDefault("cnonce") ?? "";
        nc = d.GetValueOrDefault("nc") ?? "";
        uri = d.GetValueOrDefault("digest-uri") ?? "";
        digest = [];
        var service = uri.Split('/');
        return user.Length > 0
            && cnonce.Length > 0
            && d.GetValueOrDefault("realm") == _options.Realm
            && d.GetValueOrDefault("nonce") == _nonce
            && nc.Equals("00000001", StringComparison.Ordinal)
            && d.GetValueOrDefault("qop", "auth") == "auth"
            && d.GetValueOrDefault("charset", "utf-8").Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && service.Length is 2 or 3 && service[0].Equals(_options.Service, StringComparison.OrdinalIgnoreCase) && service[1].Length > 0
            && SaslText.TryParseHex(d.GetValueOrDefault("response"), 16, out digest);
    }

    /// <summary>KD(HEX(H(A1)), nonce:nc:cnonce:qop:HEX(H(A2))) with qop=auth, as 16 bytes before hex encoding (RFC 2831 2.1.2.1).</summary>
    private static byte[] Kd(string a1, string nonce, string nc, string cnonce, string a2) =>
        MD5.HashData(Encoding.UTF8.GetBytes(a1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + Hex(MD5.HashData(Encoding.UTF8.GetBytes(a2)))));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
