using Sekisho.Accounts;
using Sekisho.Config;

namespace Sekisho.Server.Auth;

/// <summary>Which secrets <c>sekisho user add/passwd</c> and the server store for a configuration.</summary>
public static class CredentialPolicy
{
    /// <summary>The DIGEST-MD5 realm: <c>smtpd_sasl_local_domain</c>, else <c>myhostname</c>.</summary>
    public static string Realm(SekishoSettings settings) =>
        settings.Sasl.LocalDomain.Length > 0 ? settings.Sasl.LocalDomain : settings.MyHostname.ToLowerInvariant();

    /// <summary>The secrets to store: always the PBKDF2 hash and SCRAM keys; CRAM-MD5 and DIGEST-MD5 secrets only when listed.</summary>
    public static CredentialOptions For(SekishoSettings settings) => CredentialOptions.ForMechanisms(settings.Sasl.Mechanisms, Realm(settings));
}
