using System.Security.Cryptography;

namespace Sekisho.Protocol.Sasl;

/// <summary>The primitives of each <see cref="ScramAlgorithm"/>: H, HMAC, Hi (PBKDF2) and the mechanism name.</summary>
internal static class ScramAlgorithms
{
    /// <summary>The SASL mechanism name, e.g. <c>SCRAM-SHA-256</c>.</summary>
    /// <param name="algorithm">The algorithm.</param>
    public static string MechanismName(this ScramAlgorithm algorithm) => algorithm switch
    {
        ScramAlgorithm.Sha1 => "SCRAM-SHA-1",
        ScramAlgorithm.Sha256 => "SCRAM-SHA-256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Reads a mechanism name (ordinal, upper case) back into an algorithm.</summary>
    /// <param name="name">The name.</param>
    /// <param name="algorithm">The algorithm.</param>
    public static bool TryParseName(string name, out ScramAlgorithm algorithm)
    {
        algorithm = name switch
        {
            "SCRAM-SHA-1" => ScramAlgorithm.Sha1,
            "SCRAM-SHA-256" => ScramAlgorithm.Sha256,
            _ => (ScramAlgorithm)(-1),
        };
        return Enum.IsDefined(algorithm);
    }

    /// <summary>The output size of H in bytes (20 or 32).</summary>
    /// <param name="algorithm">The algorithm.</param>
    public static int HashSize(this ScramAlgorithm algorithm) => algorithm switch
    {
        ScramAlgorithm.Sha1 => 20,
        ScramAlgorithm.Sha256 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>H(data).</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="data">The input.</param>
    public static byte[] Hash(this ScramAlgorithm algorithm, ReadOnlySpan<byte> data) =>
        algorithm == ScramAlgorithm.Sha1 ? SHA1.HashData(data) : SHA256.HashData(data);

    /// <summary>HMAC(key, data).</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="key">The key.</param>
    /// <param name="data">The input.</param>
    public static byte[] Hmac(this ScramAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) =>
        algorithm == ScramAlgorithm.Sha1 ? HMACSHA1.HashData(key, data) : HMACSHA256.HashData(key, data);

    /// <summary>Hi(password, salt, i) = PBKDF2 with HMAC-H and one block of output (RFC 5802 2.2).</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="password">The normalized password bytes.</param>
    /// <param name="salt">The salt.</param>
    /// <param name="iterations">The iteration count.</param>
    public static byte[] Hi(this ScramAlgorithm algorithm, ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations,
            algorithm == ScramAlgorithm.Sha1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256, algorithm.HashSize());
}
