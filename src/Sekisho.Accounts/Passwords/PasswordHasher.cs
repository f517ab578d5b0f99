using System.Globalization;
using System.Security.Cryptography;

namespace Sekisho.Accounts;

/// <summary>
/// Password hashing with PBKDF2-HMAC-SHA256 and a 16-byte random salt, encoded as
/// <c>$pbkdf2-sha256$i=210000$&lt;base64 salt&gt;$&lt;base64 hash&gt;</c> (unpadded standard base64, as in
/// the PHC string format). The plaintext is never stored; comparisons take constant time. Hashes imported from
/// another server in SHA-crypt form (<c>$5$...</c>, <c>$6$...</c>) can be checked too, but are never created.
/// </summary>
public static class PasswordHasher
{
    /// <summary>The iteration count of new hashes unless <see cref="Iterations"/> is overridden.</summary>
    public const int DefaultIterations = 210_000;

    private const string Prefix = "$pbkdf2-sha256$i=";
    private const int SaltSize = 16;
    private const int HashSize = 32;
    private const int MaxIterations = 10_000_000; // a forged hash must not make one check take minutes
    private const string DecoySalt = "c2VraXNobyBkZWNveSBzYWx0";
    private const string DecoyHash = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    /// <summary>The iteration count of new hashes; lowered by tests only (verification reads the count from the hash).</summary>
    internal static int Iterations { get; set; } = DefaultIterations;

    /// <summary>Hashes a password with a fresh random salt.</summary>
    /// <param name="password">The password.</param>
    /// <returns>The encoded hash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="password"/> is <see langword="null"/>.</exception>
    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var iterations = Iterations;
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashSize);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{iterations}${Encode(salt)}${Encode(hash)}");
    }

    /// <summary>Checks a password against an encoded hash in constant time.</summary>
    /// <param name="password">The password to check.</param>
    /// <param name="encoded">A hash produced by <see cref="Hash"/> (any iteration count), or an imported SHA-crypt hash.</param>
    /// <returns><see langword="true"/> when the password matches; <see langword="false"/> when it does not or the hash is malformed.</returns>
    public static bool Verify(string password, string encoded)
    {
        if (password is not null && ShaCrypt.IsShaCrypt(encoded))
        {
            return ShaCrypt.Verify(password, encoded);
        }
        if (password is null || !TryDecode(encoded, out var iterations, out var salt, out var expected))
        {
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>
    /// Spends as long as <see cref="Verify"/> would on a real hash and returns <see langword="false"/>: for
    /// unknown accounts, so response times do not tell which accounts exist.
    /// </summary>
    /// <param name="password">The password that was offered.</param>
    /// <returns>Always <see langword="false"/>.</returns>
    public static bool VerifyAgainstDecoy(string password)
    {
        var decoy = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Iterations}${DecoySalt}${DecoyHash}");
        _ = Verify(password ?? "", decoy);
        return false;
    }

    /// <summary>Whether <see cref="Verify"/> can check <paramref name="encoded"/>: a PBKDF2 hash of this class or a SHA-crypt hash.</summary>
    /// <param name="encoded">The stored hash; null or empty is not verifiable.</param>
    /// <returns><see langword="true"/> when a right password can match it.</returns>
    public static bool CanVerify(string? encoded) => TryDecode(encoded, out _, out _, out _) || ShaCrypt.IsShaCrypt(encoded);

    /// <summary>
    /// Checks a password against a stored hash, or against the decoy when there is none (an unknown account, or one
    /// without a usable hash): never faster than a PBKDF2 check, so the time does not tell which accounts exist.
    /// An imported SHA-crypt hash is checked and then the decoy is run as well (a few milliseconds more than an
    /// unknown account, until the user's next <c>sekisho user passwd</c>).
    /// </summary>
    /// <param name="password">The password that was offered.</param>
    /// <param name="encoded">The stored hash, or null.</param>
    /// <returns><see langword="true"/> only when there is a hash and the password matches it.</returns>
    public static bool VerifyOrDecoy(string password, string? encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (TryDecode(encoded, out _, out _, out _))
        {
            return Verify(password, encoded!);
        }
        var matches = ShaCrypt.IsShaCrypt(encoded) && ShaCrypt.Verify(password, encoded!);
        VerifyAgainstDecoy(password);
        return matches;
    }

    private static bool TryDecode(string? encoded, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        if (encoded is null || !encoded.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var parts = encoded[Prefix.Length..].Split('$');
        return parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            && iterations is > 0 and <= MaxIterations
            && TryDecodeBase64(parts[1], out salt) && salt.Length > 0
            && TryDecodeBase64(parts[2], out hash) && hash.Length is >= 16 and <= 64;
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        bytes = [];
        var padded = text.TrimEnd('=');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        var buffer = new byte[padded.Length / 4 * 3];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }
        bytes = buffer[..written];
        return true;
    }
}
