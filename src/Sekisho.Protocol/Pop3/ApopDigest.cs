using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sekisho.Protocol.Pop3;

/// <summary>
/// APOP (RFC 1939 7): the greeting carries a timestamp <c>&lt;pid.clock@hostname&gt;</c>, and the client proves it
/// knows the shared secret by sending MD5(timestamp + secret) in lower-case hex. The server needs the secret in
/// plain text to check it, which is why APOP is off unless configured.
/// </summary>
public static class ApopDigest
{
    /// <summary>MD5 of the timestamp followed by the secret (both as UTF-8), as 32 lower-case hex digits.</summary>
    /// <param name="timestamp">The timestamp of the greeting, angle brackets included.</param>
    /// <param name="secret">The shared secret.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string Compute(string timestamp, string secret)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(secret);
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(timestamp + secret));
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Whether <paramref name="digest"/> (hex, either case) is the digest of the timestamp and secret, compared in fixed time.</summary>
    /// <param name="timestamp">The timestamp of the greeting.</param>
    /// <param name="secret">The shared secret.</param>
    /// <param name="digest">What the client sent.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static bool Verify(string timestamp, string secret, string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var expected = Encoding.ASCII.GetBytes(Compute(timestamp, secret));
        var given = Encoding.ASCII.GetBytes(digest.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>
    /// A fresh greeting timestamp, <c>&lt;pid.clock.random@hostname&gt;</c>: the process id, the Unix time in
    /// milliseconds and 64 random bits, so no two greetings share one (RFC 1939 7 requires that).
    /// </summary>
    /// <param name="hostname">This server's host name.</param>
    /// <exception cref="ArgumentException">The host name is empty or has a space, control, non-ASCII or angle-bracket character.</exception>
    public static string CreateTimestamp(string hostname)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostname);
        if (hostname.Any(c => c is <= ' ' or > '~' or '<' or '>'))
        {
            throw new ArgumentException("The host name must be printable ASCII without spaces or angle brackets.", nameof(hostname));
        }
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var clock = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return $"<{pid}.{clock}.{random}@{hostname}>";
    }
}
