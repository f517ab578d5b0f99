namespace Sekisho.Protocol.Sasl;

/// <summary>
/// What the SASL mechanisms need from the account store. No method returns a password: PLAIN and LOGIN hand
/// the offered password to <see cref="VerifyPasswordAsync"/>, the challenge-response mechanisms get the
/// derived secrets they work with. A null result means "no such user" or "no such secret stored" and makes
/// the mechanism finish the exchange against a decoy and fail exactly as for a wrong password. Exceptions
/// (the store is down) propagate out of <see cref="SaslMechanism.StepAsync"/> unchanged.
/// </summary>
public interface ISaslCredentials
{
    /// <summary>
    /// Checks a password with the store's slow hash. For an unknown user the store must spend the same time
    /// (a decoy hash) and return false.
    /// </summary>
    /// <param name="user">The user name as the client sent it.</param>
    /// <param name="password">The password as the client sent it.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>Whether the user exists and the password is right.</returns>
    Task<bool> VerifyPasswordAsync(string user, string password, CancellationToken cancellationToken);

    /// <summary>The SCRAM verifier of <paramref name="user"/> for <paramref name="algorithm"/>.</summary>
    /// <param name="user">The user name as the client sent it.</param>
    /// <param name="algorithm">The hash function of the mechanism in use; the result must be for the same one.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The verifier, or null for no such user or no such verifier.</returns>
    Task<ScramCredential?> GetScramAsync(string user, ScramAlgorithm algorithm, CancellationToken cancellationToken);

    /// <summary>The CRAM-MD5 secret of <paramref name="user"/>.</summary>
    /// <param name="user">The user name as the client sent it.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The secret, or null for no such user or no such secret.</returns>
    Task<CramMd5Secret?> GetCramMd5Async(string user, CancellationToken cancellationToken);

    /// <summary>The DIGEST-MD5 secret of <paramref name="user"/> in <paramref name="realm"/>.</summary>
    /// <param name="user">The user name as the client sent it.</param>
    /// <param name="realm">The realm of the exchange.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The secret, or null for no such user or no secret for that realm.</returns>
    Task<DigestMd5Secret?> GetDigestMd5Async(string user, string realm, CancellationToken cancellationToken);
}
