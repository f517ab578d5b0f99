namespace Sekisho.Accounts;

/// <summary>The outcome of an APOP digest check.</summary>
/// <param name="Result">Verified, or why not.</param>
/// <param name="Account">The normalized account name the login name stands for, or null when it stands for none.</param>
/// <param name="SecretKeyId">With <see cref="ApopCheckResult.Undecryptable"/>: the <see cref="ApopSecret.KeyId"/> of the stored secret.</param>
public readonly record struct ApopCheck(ApopCheckResult Result, string? Account, string? SecretKeyId = null)
{
    /// <summary>The digest is right.</summary>
    public bool Verified => Result == ApopCheckResult.Verified;
}
