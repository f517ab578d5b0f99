using System.Security.Cryptography;
using System.Text;

namespace Sekisho.Protocol.Sasl;

/// <summary>
/// Decoy secrets for users the store does not know: derived from <see cref="SaslServerOptions.DecoyKey"/> and the
/// user name with HMAC-SHA-256, so they are stable (the same fake SCRAM salt every time) yet unpredictable without
/// the key, and have the same sizes as real ones. The mechanisms run the full computation against them and then
/// fail regardless of the result, so an unknown user costs the same work as a wrong password.
/// </summary>
internal static class SaslDecoy
{
    /// <summary>A SCRAM verifier with a fake salt and fake keys.</summary>
    /// <param name="options">Supplies the key and the iteration count.</param>
    /// <param name="user">The user name.</param>
    /// <param name="algorithm">The hash function.</param>
    public static ScramCredential Scram(SaslServerOptions options, string user, ScramAlgorithm algorithm)
    {
        var label = algorithm.MechanismName();
        var salt = Derive(options, label + " salt", user)[..ScramCredential.SaltSize];
        var storedKey = Derive(options, label + " StoredKey", user)[..algorithm.HashSize()];
        var serverKey = Derive(options, label + " ServerKey", user)[..algorithm.HashSize()];
        return new ScramCredential(algorithm, salt, options.ScramIterations, storedKey, serverKey);
    }

    /// <summary>A CRAM-MD5 context nobody can answer.</summary>
    /// <param name="options">Supplies the key.</param>
    /// <param name="user">The user name.</param>
    public static CramMd5Secret CramMd5(SaslServerOptions options, string user) =>
        new(Derive(options, "CRAM-MD5", user));

    /// <summary>A DIGEST-MD5 H(A1) base nobody can match.</summary>
    /// <param name="options">Supplies the key.</param>
    /// <param name="user">The user name.</param>
    /// <param name="realm">The realm.</param>
    public static DigestMd5Secret DigestMd5(SaslServerOptions options, string user, string realm) =>
        new(realm, Derive(options, "DIGEST-MD5 " + realm, user)[..DigestMd5Secret.HashSize]);

    private static byte[] Derive(SaslServerOptions options, string label, string user) =>
        HMACSHA256.HashData(options.DecoyKey, Encoding.UTF8.GetBytes(label + "\0" + user));
}
