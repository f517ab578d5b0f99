using Microsoft.Extensions.Logging;
using Sekisho.Accounts;
using Sekisho.Config;
using Sekisho.Protocol.Sasl;
using Sekisho.Server.Smtp;

namespace Sekisho.Server.Auth;

/// <summary>Puts SMTP AUTH together for one listener: the account store as SASL credentials, the mechanisms, the throttle.</summary>
internal static class AuthenticatorBuilder
{
    /// <summary>The listener's authenticator.</summary>
    /// <param name="settings">The listener's settings.</param>
    /// <param name="accounts">The account store.</param>
    /// <param name="router">The listener's router (for the local domains a login may be written with).</param>
    /// <param name="throttle">The failure counter shared by all listeners.</param>
    /// <param name="accountFailures">Failed logins per account, shared by all listeners.</param>
    /// <param name="decoyKey">The key that makes unknown users' SCRAM salts stable across restarts.</param>
    /// <param name="log">The mail log.</param>
    public static SmtpAuthenticator Build(SekishoSettings settings, IAccountStore accounts, RecipientRouter router, AuthFailureThrottle throttle,
        AccountFailureCounter accountFailures, byte[] decoyKey, ILogger log)
    {
        var sasl = settings.Sasl;
        var credentials = new AccountSaslCredentials(accounts, router.LocalDomains.Contains, sasl.LocalDomain);
        var options = new SaslServerOptions
        {
            Hostname = settings.MyHostname,
            Realm = CredentialPolicy.Realm(settings),
            DecoyKey = decoyKey,
        };
        var failures = new LoginFailures(sasl, throttle, accountFailures, credentials.ResolveAccountName, log, TimeProvider.System);
        return new SmtpAuthenticator(sasl, new SaslMechanismFactory(credentials, options), credentials.ResolveAccountName, failures, log);
    }
}
