namespace Sekisho.Accounts;

/// <summary>The SASL mechanism names the account store keeps secrets for, as they appear in the secrets table.</summary>
public static class SaslMechanismNames
{
    /// <summary><c>PLAIN</c>: checked against the password hash.</summary>
    public const string Plain = "PLAIN";

    /// <summary><c>LOGIN</c>: checked against the password hash.</summary>
    public const string Login = "LOGIN";

    /// <summary><c>SCRAM-SHA-256</c>.</summary>
    public const string ScramSha256 = "SCRAM-SHA-256";

    /// <summary><c>SCRAM-SHA-1</c>.</summary>
    public const string ScramSha1 = "SCRAM-SHA-1";

    /// <summary><c>CRAM-MD5</c>.</summary>
    public const string CramMd5 = "CRAM-MD5";

    /// <summary><c>DIGEST-MD5</c>.</summary>
    public const string DigestMd5 = "DIGEST-MD5";

    /// <summary>All of them, strongest first (the order of the server's catalogue).</summary>
    public static IReadOnlyList<string> All { get; } = [ScramSha256, ScramSha1, DigestMd5, CramMd5, Plain, Login];
}
