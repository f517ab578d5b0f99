using Sekisho.Protocol.Sasl;

namespace Sekisho.Accounts;

/// <summary>
/// One row of the <c>account_secrets</c> table: the mechanism, the realm (DIGEST-MD5 only, otherwise empty) and the
/// secret in its storage form (<see cref="ScramCredential.ToStorageString"/> and friends). Both stores read and write
/// credentials through these rows, so their contents are the same.
/// </summary>
/// <param name="Mechanism">The mechanism name, e.g. <c>SCRAM-SHA-256</c>, or <c>APOP</c>.</param>
/// <param name="Realm">The DIGEST-MD5 realm, or empty.</param>
/// <param name="Secret">The storage string.</param>
internal readonly record struct CredentialRow(string Mechanism, string Realm, string Secret)
{
    /// <summary>The rows for everything in <paramref name="credentials"/> except the password hash (a column of its own).</summary>
    /// <param name="credentials">The credentials.</param>
    public static IReadOnlyList<CredentialRow> From(AccountCredentials credentials)
    {
        var rows = new List<CredentialRow>();
        if (credentials.ScramSha256 is { } sha256)
        {
            rows.Add(new(SaslMechanismNames.ScramSha256, "", sha256.ToStorageString()));
        }
        if (credentials.ScramSha1 is { } sha1)
        {
            rows.Add(new(SaslMechanismNames.ScramSha1, "", sha1.ToStorageString()));
        }
        if (credentials.CramMd5 is { } cram)
        {
            rows.Add(new(SaslMechanismNames.CramMd5, "", cram.ToStorageString()));
        }
        foreach (var digest in credentials.DigestMd5.DistinctBy(secret => secret.Realm))
        {
            rows.Add(new(SaslMechanismNames.DigestMd5, digest.Realm, digest.ToStorageString()));
        }
        if (credentials.Apop is { } apop)
        {
            rows.Add(new(ApopSecret.MechanismName, "", apop.ToStorageString()));
        }
        return rows;
    }

    /// <summary>
    /// Rebuilds credentials from a password hash and rows. Rows that do not parse, or name a mechanism this version does
    /// not know (written by a newer Sekisho), are skipped: their mechanism then fails like a wrong password.
    /// </summary>
    /// <param name="passwordHash">The <c>password_hash</c> column.</param>
    /// <param name="rows">The account's rows.</param>
    public static AccountCredentials ToCredentials(string passwordHash, IEnumerable<CredentialRow> rows)
    {
        ScramCredential? sha256 = null, sha1 = null;
        CramMd5Secret? cram = null;
        ApopSecret? apop = null;
        var digests = new List<DigestMd5Secret>();
        foreach (var row in rows)
        {
            switch (row.Mechanism)
            {
                case SaslMechanismNames.ScramSha256 when ScramCredential.TryParse(row.Secret, out var scram) && scram.Algorithm == ScramAlgorithm.Sha256:
                    sha256 = scram;
                    break;
                case SaslMechanismNames.ScramSha1 when ScramCredential.TryParse(row.Secret, out var scram) && scram.Algorithm == ScramAlgorithm.Sha1:
                    sha1 = scram;
                    break;
                case SaslMechanismNames.CramMd5 when CramMd5Secret.TryParse(row.Secret, out var secret):
                    cram = secret;
                    break;
                case SaslMechanismNames.DigestMd5 when DigestMd5Secret.TryParse(row.Secret, out var secret) && secret.Realm == row.Realm:
                    digests.Add(secret);
                    break;
                case ApopSecret.MechanismName when ApopSecret.TryParse(row.Secret, out var secret):
                    apop = secret;
                    break;
            }
        }
        return new AccountCredentials
        {
            PasswordHash = passwordHash,
            ScramSha256 = sha256,
            ScramSha1 = sha1,
            CramMd5 = cram,
            DigestMd5 = digests,
            Apop = apop,
        };
    }
}
