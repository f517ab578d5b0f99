namespace Sekisho.Accounts;

/// <summary>How an APOP digest check (<see cref="ApopCredentials.VerifyAsync"/>) ended. Every result but
/// <see cref="Verified"/> is a failed login with the same reply; the difference is only for the server's log.</summary>
public enum ApopCheckResult
{
    /// <summary>The digest matches the account's password.</summary>
    Verified,

    /// <summary>A wrong digest, an unknown user, or a name that cannot be an account.</summary>
    Failed,

    /// <summary>The account exists but has no APOP secret (made before APOP was enabled): <c>sekisho user passwd</c> makes one.</summary>
    NoSecret,

    /// <summary>The account's APOP secret does not decrypt with this server's <see cref="ApopKey"/>: made under another key, or damaged.</summary>
    Undecryptable,
}
