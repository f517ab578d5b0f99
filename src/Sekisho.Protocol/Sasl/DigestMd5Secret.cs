using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Sekisho.Protocol.Sasl;

/// <summary>
/// The DIGEST-MD5 secret of one account in one realm (RFC 2831 2.1.2.1): H({ username-value, ":", realm-value,
/// ":", passwd }), the base of A1 that the mechanism hashes again with the nonces. It is password-equivalent for
/// DIGEST-MD5 in that realm, but does not reveal the password. DIGEST-MD5 is historic (RFC 6331); it is kept
/// for old clients only.
/// </summary>
public sealed class DigestMd5Secret
{
    /// <summary>The size of the hash in bytes.</summary>
    public const int HashSize = 16;

    private const string Prefix = "DIGEST-MD5$";
    private readonly byte[] _hash;

    /// <summary>Wraps a stored hash.</summary>
    /// <param name="realm">The realm the hash was made for.</param>
    /// <param name="hash">MD5(user ":" realm ":" password), 16 bytes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="realm"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="hash"/> is not 16 bytes long.</exception>
    public DigestMd5Secret(string realm, ReadOnlySpan<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(realm);
        if (hash.Length != HashSize)
        {
            throw new ArgumentException($"A DIGEST-MD5 secret is {HashSize} bytes.", nameof(hash));
        }
        Realm = realm;
        _hash = hash.ToArray();
    }

    /// <summary>The realm the secret was made for.</summary>
    public string Realm { get; }

    /// <summary>MD5(user ":" realm ":" password).</summary>
    public ReadOnlySpan<byte> Hash => _hash;

    /// <summary>
    /// Computes the secret. As RFC 2831 2.1.2.1 requires with <c>charset=utf-8</c>, each of the user name,
    /// realm and password is hashed as ISO 8859-1 when all its characters fit in it, and as UTF-8 otherwise.
    /// </summary>
    /// <param name="user">The user name as clients will type it (the hash is case-sensitive).</param>
    /// <param name="realm">The realm the server offers.</param>
    /// <param name="password">The password.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static DigestMd5Secret Derive(string user, string realm, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(password);
        byte[] input = [.. Encode(user), (byte)':', .. Encode(realm), (byte)':', .. Encode(password)];
        return new DigestMd5Secret(realm, MD5.HashData(input));
    }

    /// <summary>The storage form: <c>DIGEST-MD5$</c>, 32 lower-case hex digits, <c>$</c> and the realm (last, so it may hold any character).</summary>
    public string ToStorageString() => Prefix + Convert.ToHexStringLower(_hash) + "$" + Realm;

    /// <summary>Reads <see cref="ToStorageString"/>'s form.</summary>
    /// <param name="text">The stored text.</param>
    /// <param name="secret">The secret, or null when the text is not one.</param>
    /// <returns>Whether the text was a DIGEST-MD5 secret.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out DigestMd5Secret? secret)
    {
        secret = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = text.AsSpan(Prefix.Length);
        var dollar = rest.IndexOf('$');
        if (dollar < 0 || !SaslText.TryParseHex(rest[..dollar], HashSize, out var hash))
        {
            return false;
        }
        secret = new DigestMd5Secret(rest[(dollar + 1)..].ToString(), hash);
        return true;
    }

    /// <summary>The RFC 2831 charset rule: ISO 8859-1 when every character fits, UTF-8 otherwise.</summary>
    /// <param name="text">The text.</param>
    internal static byte[] Encode(string text) =>
        text.All(c => c <= '\u00FF') ? Encoding.Latin1.GetBytes(text) : Encoding.UTF8.GetBytes(text);
}
