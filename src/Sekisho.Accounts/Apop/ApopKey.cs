using System.Security.Cryptography;

namespace Sekisho.Accounts;

/// <summary>
/// The key that encrypts the APOP secrets (<see cref="ApopSecret"/>): 32 random bytes that the server keeps in
/// <c>$data_directory/apop.key</c> (mode 0600), made once, by <c>sekisho user add/passwd</c> or the server, whichever
/// first needs it with <c>pop3_enable_apop = yes</c>. The account database holds only what this key encrypted, so
/// every node that shares a PostgreSQL account database needs the same file (copy it); a node with another key cannot
/// decrypt the secrets, and APOP then fails there like a wrong password.
/// </summary>
public sealed class ApopKey
{
    /// <summary>The key size in bytes (AES-256).</summary>
    public const int Size = 32;

    /// <summary>The file name inside <c>data_directory</c>.</summary>
    public const string FileName = "apop.key";

    private static readonly byte[] IdLabel = "sekisho apop key id"u8.ToArray();

    private readonly byte[] _bytes;

    private ApopKey(byte[] bytes)
    {
        _bytes = bytes;
        Id = Convert.ToHexStringLower(HMACSHA256.HashData(bytes, IdLabel).AsSpan(0, 8));
    }

    /// <summary>
    /// A public name for the key, 16 hex digits (HMAC-SHA-256 of a fixed label under the key, cut to 64 bits): stored
    /// with each secret and logged, so an admin can tell which key a secret was made with. It reveals nothing of the key.
    /// </summary>
    public string Id { get; }

    /// <summary>The key bytes, for AES-GCM.</summary>
    internal ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>
    /// Reads the key file, or creates it with a fresh random key when it does not exist (atomically, as
    /// <see cref="DecoyKeyFile.LoadOrCreate"/> does: racing processes all get the key of the first).
    /// </summary>
    /// <param name="path">The key file, e.g. <c>/var/lib/sekisho/apop.key</c>; its folder is created if needed.</param>
    /// <returns>The key.</returns>
    /// <exception cref="InvalidDataException">The file exists but does not hold exactly 32 bytes.</exception>
    /// <exception cref="IOException">The file or its folder cannot be read or written.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static ApopKey LoadOrCreate(string path) =>
        new(OwnerOnlyKeyFile.LoadOrCreate(path, Size, (full, size) =>
            $"APOP key file {full} holds {size} bytes, not {Size}; restore it from a backup or another node "
            + "(a new key would leave every stored APOP secret unusable until `sekisho user passwd`)"));

    /// <summary>A key from its bytes (a key kept elsewhere than in a file, or a test's).</summary>
    /// <param name="bytes">Exactly 32 bytes; copied.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">Not 32 bytes.</exception>
    public static ApopKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"An APOP key has {Size} bytes, not {bytes.Length}.", nameof(bytes));
        }
        return new ApopKey(bytes.ToArray());
    }

    /// <summary>The key's <see cref="Id"/>, never its bytes.</summary>
    public override string ToString() => "APOP key " + Id;
}
