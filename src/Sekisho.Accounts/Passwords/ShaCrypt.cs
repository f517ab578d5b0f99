using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sekisho.Accounts;

/// <summary>
/// Verification of SHA-crypt hashes (<c>$5$</c> SHA-256 and <c>$6$</c> SHA-512, Ulrich Drepper's "Unix crypt using
/// SHA-256 and SHA-512", as glibc's <c>crypt(3)</c> and Dovecot's <c>SHA256-CRYPT</c> / <c>SHA512-CRYPT</c> schemes
/// write them), so accounts imported from another server keep working for PLAIN and LOGIN. Sekisho never creates
/// such hashes: <c>sekisho user passwd</c> replaces them with PBKDF2.
/// </summary>
internal static class ShaCrypt
{
    private const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string RoundsPrefix = "rounds=";
    private const int DefaultRounds = 5000;
    private const int MinRounds = 1000;
    private const int MaxRounds = 10_000_000; // glibc allows 999,999,999; a forged hash must not make one login take minutes
    private const int MaxSaltLength = 16;

    // The byte order of the final encoding: groups of three bytes, each written as four characters.
    private static readonly int[] Sha256Order = [0, 10, 20, 21, 1, 11, 12, 22, 2, 3, 13, 23, 24, 4, 14, 15, 25, 5, 6, 16, 26, 27, 7, 17, 18, 28, 8, 9, 19, 29];
    private static readonly int[] Sha512Order =
    [
        0, 21, 42, 22, 43, 1, 44, 2, 23, 3, 24, 45, 25, 46, 4, 47, 5, 26, 6, 27, 48, 28, 49, 7, 50, 8, 29, 9, 30, 51,
        31, 52, 10, 53, 11, 32, 12, 33, 54, 34, 55, 13, 56, 14, 35, 15, 36, 57, 37, 58, 16, 59, 17, 38, 18, 39, 60,
        40, 61, 19, 62, 20, 41,
    ];

    /// <summary>Whether <paramref name="hash"/> looks like a SHA-crypt hash this class can check (<c>$5$</c> or <c>$6$</c>).</summary>
    /// <param name="hash">The hash without any <c>{SCHEME}</c> prefix.</param>
    public static bool IsShaCrypt(string? hash) => TryParse(hash, out _, out _, out _, out _);

    /// <summary>Checks a password against a SHA-crypt hash in constant time (for a given hash).</summary>
    /// <param name="password">The password; hashed as UTF-8, as <c>crypt(3)</c> sees the bytes a Linux system passes it.</param>
    /// <param name="hash">The hash, e.g. <c>$6$rounds=5000$salt$...</c>.</param>
    /// <returns><see langword="true"/> when the password matches; <see langword="false"/> when it does not or the hash is malformed.</returns>
    public static bool Verify(string password, string hash)
    {
        if (password is null || !TryParse(hash, out var sha512, out var rounds, out var salt, out var expected))
        {
            return false;
        }
        var actual = Compute(Encoding.UTF8.GetBytes(password), salt, rounds, sha512);
        var encoded = Encoding.ASCII.GetBytes(Encode(actual, sha512 ? Sha512Order : Sha256Order));
        return CryptographicOperations.FixedTimeEquals(encoded, Encoding.ASCII.GetBytes(expected));
    }

    /// <summary>Computes the hash text (for tests and for documentation examples).</summary>
    /// <param name="password">The password.</param>
    /// <param name="salt">The salt (at most 16 characters are used).</param>
    /// <param name="rounds">The round count, or null for the default 5000 without a <c>rounds=</c> field.</param>
    /// <param name="sha512">SHA-512 (<c>$6$</c>) or SHA-256 (<c>$5$</c>).</param>
    internal static string Hash(string password, string salt, int? rounds, bool sha512)
    {
        var saltBytes = Encoding.ASCII.GetBytes(salt.Length > MaxSaltLength ? salt[..MaxSaltLength] : salt);
        var effective = Math.Clamp(rounds ?? DefaultRounds, MinRounds, MaxRounds);
        var digest = Compute(Encoding.UTF8.GetBytes(password), saltBytes, effective, sha512);
        var roundsField = rounds is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{RoundsPrefix}{effective}$");
        return (sha512 ? "$6$" : "$5$") + roundsField + Encoding.ASCII.GetString(saltBytes) + "$" + Encode(digest, sha512 ? Sha512Order : Sha256Order);
    }

    private static bool TryParse(string? hash, out bool sha512, out int rounds, out byte[] salt, out string expected)
    {
        sha512 = false;
        rounds = DefaultRounds;
        salt = [];
        expected = "";
        if (hash is null || hash.Length < 4 || hash[0] != '$' || hash[1] is not ('5' or '6') || hash[2] != '$')
        {
            return false;
        }
        sha512 = hash[1] == '6';
        var rest = hash[3..];
        if (rest.StartsWith(RoundsPrefix, StringComparison.Ordinal))
        {
            var end = rest.IndexOf('$');
            if (end < 0 || !int.TryParse(rest.AsSpan(RoundsPrefix.Length, end - RoundsPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out rounds)
                || rounds > MaxRounds)
            {
                return false;
            }
            rounds = Math.Max(rounds, MinRounds);
            rest = rest[(end + 1)..];
        }
        var dollar = rest.LastIndexOf('$');
        if (dollar < 0)
        {
            return false;
        }
        var saltText = rest[..dollar];
        expected = rest[(dollar + 1)..];
        if (saltText.Length > MaxSaltLength || saltText.Contains('$') || expected.Length != (sha512 ? 86 : 43)
            || expected.Any(c => !Alphabet.Contains(c)))
        {
            return false;
        }
        salt = Encoding.UTF8.GetBytes(saltText);
        return true;
    }

    private static byte[] Compute(byte[] password, byte[] salt, int rounds, bool sha512)
    {
        var name = sha512 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;
        var size = sha512 ? 64 : 32;

        // Digest B = H(password salt password).
        byte[] b;
        using (var hash = IncrementalHash.CreateHash(name))
        {
            hash.AppendData(password);
            hash.AppendData(salt);
            hash.AppendData(password);
            b = hash.GetHashAndReset();
        }

        // Digest A = H(password salt B-repeated-to-password-length, then B or password for each bit of the length).
        byte[] a;
        using (var hash = IncrementalHash.CreateHash(name))
        {
            hash.AppendData(password);
            hash.AppendData(salt);
            AppendRepeated(hash, b, password.Length);
            for (var length = password.Length; length > 0; length >>= 1)
            {
                hash.AppendData((length & 1) != 0 ? b : password);
            }
            a = hash.GetHashAndReset();
        }

        // P = H(password repeated password-length times), stretched to the password's length.
        byte[] p;
        using (var hash = IncrementalHash.CreateHash(name))
        {
            for (var i = 0; i < password.Length; i++)
            {
                hash.AppendData(password);
            }
            p = Stretch(hash.GetHashAndReset(), password.Length);
        }

        // S = H(salt repeated 16 + A[0] times), stretched to the salt's length.
        byte[] s;
        using (var hash = IncrementalHash.CreateHash(name))
        {
            for (var i = 0; i < 16 + a[0]; i++)
            {
                hash.AppendData(salt);
            }
            s = Stretch(hash.GetHashAndReset(), salt.Length);
        }

        var c = a;
        using (var hash = IncrementalHash.CreateHash(name))
        {
            for (var round = 0; round < rounds; round++)
            {
                var odd = (round & 1) != 0;
                hash.AppendData(odd ? p : c);
                if (round % 3 != 0)
                {
                    hash.AppendData(s);
                }
                if (round % 7 != 0)
                {
                    hash.AppendData(p);
                }
                hash.AppendData(odd ? c : p);
                c = hash.GetHashAndReset();
            }
        }
        return c.Length == size ? c : throw new CryptographicException("unexpected digest size");
    }

    private static void AppendRepeated(IncrementalHash hash, byte[] block, int length)
    {
        for (; length > block.Length; length -= block.Length)
        {
            hash.AppendData(block);
        }
        hash.AppendData(block, 0, length);
    }

    private static byte[] Stretch(byte[] block, int length)
    {
        var result = new byte[length];
        for (var i = 0; i < length; i++)
        {
            result[i] = block[i % block.Length];
        }
        return result;
    }

    private static string Encode(byte[] digest, int[] order)
    {
        var text = new StringBuilder();
        var i = 0;
        for (; i + 3 <= order.Length; i += 3)
        {
            Append(text, (digest[order[i]] << 16) | (digest[order[i + 1]] << 8) | digest[order[i + 2]], 4);
        }
        if (digest.Length == 64)
        {
            Append(text, digest[63], 2); // SHA-512: the last byte alone, two characters
        }
        else
        {
            Append(text, (digest[31] << 8) | digest[30], 3); // SHA-256: the last two bytes, three characters
        }
        return text.ToString();
    }

    private static void Append(StringBuilder text, int value, int characters)
    {
        for (var i = 0; i < characters; i++)
        {
            text.Append(Alphabet[value & 0x3f]);
            value >>= 6;
        }
    }
}
