using Sekisho.Protocol.Sasl;

namespace Sekisho.Fuzz.Targets;

/// <summary>
/// The account store of the SASL targets: one user, <c>alice</c> with the password <c>secret</c>, whose secrets are
/// derived once (the SCRAM ones with a fixed salt, so seed exchanges can carry a valid proof). Every other name is
/// unknown, which sends the mechanisms down their decoy paths.
/// </summary>
internal sealed class FuzzCredentials : ISaslCredentials
{
    /// <summary>The one user.</summary>
    public const string User = "alice";

    /// <summary>Its password.</summary>
    public const string Password = "secret";

    /// <summary>The SCRAM salt (base64 <c>c2VraXNoby1mdXp6LXNhbHQ=</c>).</summary>
    public static readonly byte[] Salt = "sekisho-fuzz-salt"u8.ToArray();

    /// <summary>The realm and host name of the exchanges.</summary>
    public const string Realm = "mail.example.com";

    /// <summary>The server nonce every mechanism gets, so seed exchanges can answer it.</summary>
    public const string Nonce = "fuzznonce";

    /// <summary>The shared instance.</summary>
    public static FuzzCredentials Instance { get; } = new();

    /// <summary>The options the mechanisms are made with: fixed nonce, host name and realm, SMTP service.</summary>
    public static SaslServerOptions Options { get; } = new()
    {
        Hostname = Realm,
        DecoyKey = "sekisho-fuzz-decoy-key"u8.ToArray(),
        CreateNonce = () => Nonce,
        ScramIterations = 4096,
    };

    private readonly ScramCredential _sha1 = ScramCredential.Derive(Password, ScramAlgorithm.Sha1, Salt);
    private readonly ScramCredential _sha256 = ScramCredential.Derive(Password, ScramAlgorithm.Sha256, Salt);
    private readonly CramMd5Secret _cram = CramMd5Secret.Derive(Password);
    private readonly DigestMd5Secret _digest = DigestMd5Secret.Derive(User, Realm, Password);

    /// <inheritdoc/>
    public Task<bool> VerifyPasswordAsync(string user, string password, CancellationToken cancellationToken) =>
        Task.FromResult(user == User && password == Password);

    /// <inheritdoc/>
    public Task<ScramCredential?> GetScramAsync(string user, ScramAlgorithm algorithm, CancellationToken cancellationToken) =>
        Task.FromResult(user != User ? null : algorithm == ScramAlgorithm.Sha1 ? _sha1 : _sha256);

    /// <inheritdoc/>
    public Task<CramMd5Secret?> GetCramMd5Async(string user, CancellationToken cancellationToken) =>
        Task.FromResult(user == User ? _cram : null);

    /// <inheritdoc/>
    public Task<DigestMd5Secret?> GetDigestMd5Async(string user, string realm, CancellationToken cancellationToken) =>
        Task.FromResult(user == User && realm == Realm ? _digest : null);
}
