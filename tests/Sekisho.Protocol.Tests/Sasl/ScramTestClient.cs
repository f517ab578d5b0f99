using System.Security.Cryptography;
using System.Text;
using Sekisho.Protocol.Sasl;

namespace Sekisho.Protocol.Tests.Sasl;

/// <summary>The client side of SCRAM (RFC 5802 3), written from the RFC with .NET primitives only, to drive the server in tests.</summary>
internal static class ScramTestClient
{
    /// <summary>The client-final-message for <paramref name="withoutProof"/>, given the server-first-message.</summary>
    public static string Final(ScramAlgorithm algorithm, string password, string clientFirstBare, string serverFirst, string withoutProof)
    {
        var attributes = serverFirst.Split(',').ToDictionary(a => a[..1], a => a[2..]);
        var name = algorithm == ScramAlgorithm.Sha1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        var size = algorithm == ScramAlgorithm.Sha1 ? 20 : 32;
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(attributes["s"]), int.Parse(attributes["i"]), name, size);
        var clientKey = Hmac(algorithm, salted, "Client Key"u8.ToArray());
        var storedKey = algorithm == ScramAlgorithm.Sha1 ? SHA1.HashData(clientKey) : SHA256.HashData(clientKey);
        var signature = Hmac(algorithm, storedKey, Encoding.UTF8.GetBytes(clientFirstBare + "," + serverFirst + "," + withoutProof));
        var proof = clientKey.Zip(signature, (k, s) => (byte)(k ^ s)).ToArray();
        return withoutProof + ",p=" + Convert.ToBase64String(proof);
    }

    private static byte[] Hmac(ScramAlgorithm algorithm, byte[] key, byte[] data) =>
        algorithm == ScramAlgorithm.Sha1 ? HMACSHA1.HashData(key, data) : HMACSHA256.HashData(key, data);
}
