using System.Security.Cryptography;

namespace Sekisho.Protocol.Sasl;

/// <summary>What the mechanisms need to know about the server, plus the sources of randomness (replaceable for tests).</summary>
public sealed class SaslServerOptions
{
    private readonly string? _realm;
    private readonly byte[] _decoyKey = [];

    /// <summary>This server's host name: the end of the CRAM-MD5 challenge, and the default realm.</summary>
    public required string Hostname { get; init; }

    /// <summary>The DIGEST-MD5 realm (Postfix's <c>smtpd_sasl_local_domain</c>); <see cref="Hostname"/> when not set.</summary>
    public string Realm { get => _realm ?? Hostname; init => _realm = value; }

    /// <summary>The service name DIGEST-MD5's <c>digest-uri</c> must begin with: <c>smtp</c>, or <c>pop</c> for POP3.</summary>
    public string Service { get; init; } = "smtp";

    /// <summary>
    /// A secret key (16 bytes or more) from which the decoy secrets of unknown users are derived: SCRAM's fake
    /// salt, and the fake keys that make the exchange fail at the end like a wrong password. It must persist
    /// across restarts (keep it next to the account store); otherwise an unknown user's salt would change on every
    /// restart and give away that the user does not exist.
    /// </summary>
    /// <exception cref="ArgumentException">The key is shorter than 16 bytes.</exception>
    public required byte[] DecoyKey
    {
        get => _decoyKey;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Length < 16)
            {
                throw new ArgumentException("The decoy key must be at least 16 bytes long.", nameof(value));
            }
            _decoyKey = (byte[])value.Clone();
        }
    }

    /// <summary>
    /// The SCRAM iteration count announced for unknown users; keep it equal to the count the account store
    /// derives new credentials with, so real and decoy users look alike.
    /// </summary>
    public int ScramIterations { get; init; } = ScramCredential.DefaultIterations;

    /// <summary>
    /// Makes a server nonce: printable ASCII without space, comma, quote, backslash, <c>@</c> or angle brackets, so it
    /// fits in every mechanism's syntax (mechanisms check and throw <see cref="InvalidOperationException"/> otherwise).
    /// The default is <see cref="RandomNonce"/>.
    /// </summary>
    public Func<string> CreateNonce { get; init; } = RandomNonce;

    /// <summary>18 random bytes from the system's cryptographic generator, as 24 base64 characters.</summary>
    public static string RandomNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    /// <summary>Calls <see cref="CreateNonce"/> and checks the result.</summary>
    internal string NextNonce()
    {
        var nonce = CreateNonce();
        if (string.IsNullOrEmpty(nonce) || nonce.Any(c => c is <= ' ' or > '~' or ',' or '"' or '\\' or '@' or '<' or '>'))
        {
            throw new InvalidOperationException("The nonce source returned an empty nonce or one with a forbidden character.");
        }
        return nonce;
    }
}
