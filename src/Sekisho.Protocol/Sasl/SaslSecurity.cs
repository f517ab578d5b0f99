namespace Sekisho.Protocol.Sasl;

/// <summary>
/// Weaknesses of a mechanism, as Cyrus SASL classifies them for Postfix's <c>smtpd_sasl_security_options</c>:
/// a mechanism has a flag when the matching <c>no...</c> option excludes it.
/// </summary>
[Flags]
public enum SaslSecurity
{
    /// <summary>No weakness listed.</summary>
    None = 0,

    /// <summary>The password crosses the wire as it is (PLAIN, LOGIN); excluded by <c>noplaintext</c>.</summary>
    Plaintext = 1,

    /// <summary>Open to active, non-dictionary attacks such as replay or a man in the middle (PLAIN, LOGIN, CRAM-MD5, DIGEST-MD5); excluded by <c>noactive</c>.</summary>
    ActiveAttackable = 2,

    /// <summary>An eavesdropper can run an offline dictionary attack (every password mechanism, SCRAM too); excluded by <c>nodictionary</c>.</summary>
    DictionaryAttackable = 4,

    /// <summary>Allows anonymous login (none of Sekisho's); excluded by <c>noanonymous</c>.</summary>
    Anonymous = 8,

    /// <summary>The server does not prove itself to the client (PLAIN, LOGIN, CRAM-MD5); excluded by <c>mutual_auth</c>.</summary>
    NoMutualAuthentication = 16,
}
