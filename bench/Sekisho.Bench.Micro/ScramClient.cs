using System.Security.Cryptography;
using System.Text;

namespace Sekisho.Bench.Micro;

/// <summary>
/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) written independently of the server's code: what a mail
/// client computes, including the PBKDF2 of the password (<see cref="SaltedPassword"/>), which is the expensive part.
/// </summary>
internal static class ScramClient
{
    /// <summary>The GS2 header without channel binding and without authorization identity.</summary>
    public const string Gs2Header = "n,,";

    /// <summary>The client-first-message-bare: <c>n=user,r=nonce</c> (the user name needs no escaping here).</summary>
    /// <param name="user">The user.</param>
    /// <param name="nonce">The client nonce.</param>
    public static string FirstBare(string user, string nonce) => $"n={user},r={nonce}";

    /// <summary>SaltedPassword = Hi(password, salt, i) = PBKDF2-HMAC-SHA-256 (ASCII passwords need no SASLprep).</summary>
    /// <param name="password">The password.</param>
    /// <param name="serverFirst">The server-first-message, giving the salt and the iteration count.</param>
    public static byte[] SaltedPassword(string password, string serverFirst)
    {
        var (_, salt, iterations) = ParseServerFirst(serverFirst);
        return Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
    }

    /// <summary>The client-final-message <c>c=biws,r=nonce,p=proof</c> for a server-first-message.</summary>
    /// <param name="firstBare">The client-first-message-bare sent.</param>
    /// <param name="serverFirst">The server-first-message received.</param>
    /// <param name="saltedPassword">From <see cref="SaltedPassword"/>.</param>
    public static byte[] Final(string firstBare, string serverFirst, byte[] saltedPassword)
    {
        var (nonce, _, _) = ParseServerFirst(serverFirst);
        var withoutProof = $"c={Convert.ToBase64String(Encoding.ASCII.GetBytes(Gs2Header))},r={nonce}";
        var authMessage = Encoding.UTF8.GetBytes($"{firstBare},{serverFirst},{withoutProof}");
        var clientKey = HMACSHA256.HashData(saltedPassword, "Client Key"u8);
        var signature = HMACSHA256.HashData(SHA256.HashData(clientKey), authMessage);
        for (var i = 0; i < clientKey.Length; i++)
        {
            clientKey[i] ^= signature[i];
        }
        return Encoding.ASCII.GetBytes($"{withoutProof},p={Convert.ToBase64String(clientKey)}");
    }

    private static (string Nonce, byte[] Salt, int Iterations) ParseServerFirst(string serverFirst)
    {
        var parts = serverFirst.Split(',').ToDictionary(part => part[..1], part => part[2..]);
        return (parts["r"], Convert.FromBase64String(parts["s"]), int.Parse(parts["i"], System.Globalization.CultureInfo.InvariantCulture));
    }
}
