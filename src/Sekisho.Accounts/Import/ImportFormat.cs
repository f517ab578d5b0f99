namespace Sekisho.Accounts.Import;

/// <summary>The export formats <c>sekisho user import</c> reads.</summary>
public enum ImportFormat
{
    /// <summary>
    /// A saslpasswd-style text dump, one <c>user:password</c> or <c>user@realm:password</c> per line, as people make from a
    /// Cyrus SASL sasldb (<c>sasldblistusers2</c> lists the users but not their passwords). Everything after the first
    /// colon is the password, taken verbatim.
    /// </summary>
    Saslpasswd,

    /// <summary>
    /// A Dovecot passwd-file: <c>user[@domain]:{SCHEME}hash[:uid:gid:gecos:home:shell:extra]</c>. Read are <c>{PLAIN}</c> and
    /// <c>{CLEARTEXT}</c> (everything is derived), <c>{SHA512-CRYPT}</c>, <c>{SHA256-CRYPT}</c> and <c>{CRYPT}</c> with a
    /// <c>$5$</c> or <c>$6$</c> hash (PLAIN and LOGIN), <c>{CRAM-MD5}</c>, <c>{DIGEST-MD5}</c>, <c>{SCRAM-SHA-1}</c> and
    /// <c>{SCRAM-SHA-256}</c> (their own mechanism only). Other schemes are refused.
    /// </summary>
    Dovecot,
}
