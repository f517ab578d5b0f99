using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sekisho.Protocol.Sasl;

/// <summary>
/// The SCRAM verifier of one account (RFC 5802 3): salt, iteration count, StoredKey = H(ClientKey) and
/// ServerKey. It lets the server check a client proof and prove itself, but not log in as the user (that needs
/// ClientKey) and not recover the password short of a dictionary attack at the iteration count's cost.
/// </summary>
public sealed class ScramCredential
{
    /// <summary>The iteration count of new credentials (the minimum RFC 7677 recommends).</summary>
    public const int DefaultIterations = 4096;

    /// <summary>The size of a fresh random salt in bytes.</summary>
    public const int SaltSize = 16;

    private const int MaxIterations = 10_000_000; // a forged storage string must not make one login take minutes
    private readonly byte[] _salt;
    private readonly byte[] _storedKey;
    private readonly byte[] _serverKey;

    /// <summary>Wraps stored values.</summary>
    /// <param name="algorithm">The hash function.</param>
    /// <param name="salt">The salt; not empty.</param>
    /// <param name="iterations">The iteration count; positive.</param>
    /// <param name="storedKey">H(ClientKey); the hash size of <paramref name="algorithm"/>.</param>
    /// <param name="serverKey">HMAC(SaltedPassword, "Server Key"); the hash size of <paramref name="algorithm"/>.</param>
    /// <exception cref="ArgumentException">A size is wrong or the salt is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is out of range or <paramref name="algorithm"/> is undefined.</exception>
    public ScramCredential(ScramAlgorithm algorithm, ReadOnlySpan<byte> salt, int iterations, ReadOnlySpan<byte> storedKey, ReadOnlySpan<byte> serverKey)
    {
        var size = algorithm.HashSize();
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        if (salt.IsEmpty || storedKey.Length != size || serverKey.Length != size)
        {
            throw new ArgumentException($"{algorithm.MechanismName()} needs a salt and {size}-byte keys.");
        }
        Algorithm = algorithm;
        Iterations = iterations;
        _salt = salt.ToArray();
        _storedKey = storedKey.ToArray();
        _serverKey = serverKey.ToArray();
    }

    /// <summary>The hash function.</summary>
    public ScramAlgorithm Algorithm { get; }

    /// <summary>The iteration count.</summary>
    public int Iterations { get; }

    /// <summary>The salt.</summary>
    public ReadOnlySpan<byte> Salt => _salt;

    /// <summary>StoredKey = H(HMAC(SaltedPassword, "Client Key")).</summary>
    public ReadOnlySpan<byte> StoredKey => _storedKey;

    /// <summary>ServerKey = HMAC(SaltedPassword, "Server Key").</summary>
    public ReadOnlySpan<byte> ServerKey => _serverKey;

    /// <summary>
    /// Derives the verifier from a password. The password goes through an approximation of SASLprep: the
    /// RFC 4013 mapping step and NFKC (which is a no-op for non-ASCII text while the server runs with
    /// <c>InvariantGlobalization</c>; see <c>SaslPrep</c>), then UTF-8.
    /// </summary>
    /// <param name="password">The password.</param>
    /// <param name="algorithm">The hash function.</param>
    /// <param name="salt">The salt, or null for <see cref="SaltSize"/> fresh random bytes.</param>
    /// <param name="iterations">The iteration count.</param>
    /// <exception cref="ArgumentNullException"><paramref name="password"/> is null.</exception>
    /// <exception cref="ArgumentException">The salt is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is out of range.</exception>
    public static ScramCredential Derive(string password, ScramAlgorithm algorithm, byte[]? salt = null, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        salt ??= RandomNumberGenerator.GetBytes(SaltSize);
        var salted = algorithm.Hi(Encoding.UTF8.GetBytes(SaslPrep.Prepare(password)), salt, iterations);
        var clientKey = algorithm.Hmac(salted, "Client Key"u8);
        var serverKey = algorithm.Hmac(salted, "Server Key"u8);
        return new ScramCredential(algorithm, salt, iterations, algorithm.Hash(clientKey), serverKey);
    }

    /// <summary>The storage form, e.g. <c>SCRAM-SHA-256$4096$&lt;salt&gt;$&lt;StoredKey&gt;$&lt;ServerKey&gt;</c> (padded base64).</summary>
    public string ToStorageString() => string.Create(CultureInfo.InvariantCulture,
        $"{Algorithm.MechanismName()}${Iterations}${Convert.ToBase64String(_salt)}${Convert.ToBase64String(_storedKey)}${Convert.ToBase64String(_serverKey)}");

    /// <summary>Reads <see cref="ToStorageString"/>'s form.</summary>
    /// <param name="text">The stored text.</param>
    /// <param name="credential">The credential, or null when the text is not one.</param>
    /// <returns>Whether the text was a well-formed SCRAM credential.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ScramCredential? credential)
    {
        credential = null;
        var parts = text?.Split('$');
        if (parts is not { Length: 5 }
            || !ScramAlgorithms.TryParseName(parts[0], out var algorithm)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations is < 1 or > MaxIterations
            || !SaslText.TryDecodeBase64(parts[2], out var salt) || salt.Length == 0
            || !SaslText.TryDecodeBase64(parts[3], out var storedKey) || storedKey.Length != algorithm.HashSize()
            || !SaslText.TryDecodeBase64(parts[4], out var serverKey) || serverKey.Length != algorithm.HashSize())
        {
            return false;
        }
        credential = new ScramCredential(algorithm, salt, iterations, storedKey, serverKey);
        return true;
    }
}
