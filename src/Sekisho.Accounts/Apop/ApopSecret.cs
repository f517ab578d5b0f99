using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Sekisho.Accounts;

/// <summary>
/// An account's APOP secret: its password, encrypted with AES-256-GCM under the <see cref="ApopKey"/> with a random
/// 96-bit nonce, the account name bound in as associated data (a secret copied to another account's row does not
/// decrypt). APOP's digest is MD5(timestamp + password), so the server needs the password itself: this secret is
/// password-equivalent, and stored only while <c>pop3_enable_apop = yes</c>. Storage form:
/// <c>APOP$KEYID$base64(nonce ‖ ciphertext ‖ tag)</c>, where KEYID is the key's <see cref="ApopKey.Id"/>.
/// </summary>
public sealed class ApopSecret
{
    /// <summary>The <c>mechanism</c> of its row in <c>account_secrets</c> (APOP is not a SASL mechanism, but is stored like one).</summary>
    public const string MechanismName = "APOP";

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int KeyIdLength = 16;
    private static readonly byte[] Label = "sekisho-apop-v1\0"u8.ToArray();

    private readonly byte[] _sealed;

    private ApopSecret(string keyId, byte[] sealedBytes)
    {
        KeyId = keyId;
        _sealed = sealedBytes;
    }

    /// <summary>The <see cref="ApopKey.Id"/> of the key the secret was encrypted under.</summary>
    public string KeyId { get; }

    /// <summary>Encrypts a password for an account.</summary>
    /// <param name="key">The APOP key.</param>
    /// <param name="account">The normalized account name (bound to the secret).</param>
    /// <param name="password">The password, not empty.</param>
    /// <returns>The secret; a fresh nonce every time, so two secrets of one password differ.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The password is empty.</exception>
    public static ApopSecret Encrypt(ApopKey key, string account, string password)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var plaintext = Encoding.UTF8.GetBytes(password);
        try
        {
            var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
            var nonce = sealedBytes.AsSpan(0, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(key.Bytes, TagSize);
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length),
                AssociatedData(account));
            return new ApopSecret(key.Id, sealedBytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Decrypts the password.</summary>
    /// <param name="key">The APOP key.</param>
    /// <param name="account">The normalized account name the secret belongs to.</param>
    /// <param name="password">The password, when this returns <see langword="true"/>.</param>
    /// <returns>
    /// <see langword="false"/> when the secret was made under another key, for another account, or was altered: the
    /// GCM tag does not match.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public bool TryDecrypt(ApopKey key, string account, [NotNullWhen(true)] out string? password)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(account);
        var length = _sealed.Length - NonceSize - TagSize;
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(key.Bytes, TagSize);
            aes.Decrypt(_sealed.AsSpan(0, NonceSize), _sealed.AsSpan(NonceSize, length), _sealed.AsSpan(NonceSize + length), plaintext,
                AssociatedData(account));
            password = Encoding.UTF8.GetString(plaintext);
            return true;
        }
        catch (CryptographicException)
        {
            password = null;
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>The storage form, <c>APOP$KEYID$base64</c>.</summary>
    public string ToStorageString() => $"{MechanismName}${KeyId}${Convert.ToBase64String(_sealed)}";

    /// <summary>Reads the storage form.</summary>
    /// <param name="text">What <see cref="ToStorageString"/> wrote.</param>
    /// <param name="secret">The secret, when this returns <see langword="true"/>.</param>
    /// <returns><see langword="false"/> when the text is not an APOP secret.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ApopSecret? secret)
    {
        secret = null;
        var parts = text?.Split('$');
        if (parts is not [MechanismName, var keyId, var data]
            || keyId.Length != KeyIdLength || !keyId.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }
        var sealedBytes = new byte[data.Length]; // base64 decodes to fewer bytes than characters
        if (!Convert.TryFromBase64String(data, sealedBytes, out var written) || written <= NonceSize + TagSize) // a password is never empty
        {
            return false;
        }
        secret = new ApopSecret(keyId, sealedBytes[..written]);
        return true;
    }

    /// <summary>Never the secret itself.</summary>
    public override string ToString() => $"APOP secret (key {KeyId})";

    private static byte[] AssociatedData(string account) => [.. Label, .. Encoding.UTF8.GetBytes(account)];
}
