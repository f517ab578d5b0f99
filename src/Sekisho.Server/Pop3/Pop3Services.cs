using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Sekisho.Accounts;
using Sekisho.Config;
using Sekisho.Protocol.Sasl;
using Sekisho.Server.Auth;
using Sekisho.Server.Metrics;
using Sekisho.Server.RelayAuth;

namespace Sekisho.Server.Pop3;

/// <summary>What a POP3 session may use: settings, the certificate, logins, the Maildirs and POP-before-SMTP.</summary>
internal sealed class Pop3Services
{
    private Pop3Services(SekishoSettings settings, X509Certificate2? certificate, Pop3Authenticator authenticator, PopBeforeSmtp popBeforeSmtp, ILogger log)
    {
        Settings = settings;
        Certificate = certificate;
        Authenticator = authenticator;
        PopBeforeSmtp = popBeforeSmtp;
        Log = log;
    }

    /// <summary>The validated configuration.</summary>
    public SekishoSettings Settings { get; }

    /// <summary>The TLS certificate for STLS and POP3S, or null when TLS is not offered.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>USER/PASS and AUTH.</summary>
    public Pop3Authenticator Authenticator { get; }

    /// <summary>Records each login's client address as allowed to relay.</summary>
    public PopBeforeSmtp PopBeforeSmtp { get; }

    /// <summary>The mail log (category <c>pop3d</c>).</summary>
    public ILogger Log { get; }

    /// <summary>The server's counters (connections, logins), or null when nothing counts.</summary>
    public ServerMetrics? Metrics { get; private init; }

    /// <summary>The Maildir of an account: <c>maildir_base/NAME</c>, where the local transport delivers.</summary>
    /// <param name="account">The account name, as the account store normalizes it.</param>
    public string MaildirOf(string account) => Path.Combine(Settings.MaildirBase, account);

    /// <summary>
    /// Puts the POP3 server together. With <c>pop3_enable_apop = yes</c> it reads (or first creates)
    /// <c>$data_directory/apop.key</c> and logs the key's id, or warns when the security options leave APOP no connection.
    /// </summary>
    /// <param name="settings">The server's settings.</param>
    /// <param name="accounts">The account store.</param>
    /// <param name="isLocalDomain">Whether a domain is local, so <c>alice@example.com</c> logs in as <c>alice</c>.</param>
    /// <param name="throttle">The per-address failure counter shared with SMTP AUTH.</param>
    /// <param name="accountFailures">The per-account failure counter shared with SMTP AUTH.</param>
    /// <param name="decoyKey">The key behind unknown users' stable decoy secrets.</param>
    /// <param name="certificate">The TLS certificate, or null.</param>
    /// <param name="popBeforeSmtp">Where logins are recorded for relaying.</param>
    /// <param name="log">The POP3 log.</param>
    /// <param name="metrics">The server's counters, or null.</param>
    /// <exception cref="AccountException">APOP is enabled and its key file cannot be read or created.</exception>
    public static Pop3Services Create(SekishoSettings settings, IAccountStore accounts, Func<string, bool> isLocalDomain, AuthFailureThrottle throttle,
        AccountFailureCounter accountFailures, byte[] decoyKey, X509Certificate2? certificate, PopBeforeSmtp popBeforeSmtp, ILogger log, ServerMetrics? metrics = null)
    {
        var credentials = new AccountSaslCredentials(accounts, isLocalDomain, settings.Sasl.LocalDomain);
        var options = new SaslServerOptions
        {
            Hostname = settings.MyHostname,
            Realm = CredentialPolicy.Realm(settings),
            Service = "pop",
            DecoyKey = decoyKey,
        };
        var failures = new LoginFailures(settings.Sasl, throttle, accountFailures, credentials.ResolveAccountName, log, TimeProvider.System);
        var apop = settings.Pop.EnableApop ? new ApopCredentials(accounts, credentials.ResolveAccountName, CredentialPolicy.LoadApopKey(settings)) : null;
        var authenticator = new Pop3Authenticator(settings.Sasl, new SaslMechanismFactory(credentials, options), credentials, failures, apop, log);
        if (apop is not null && authenticator.ApopOffered)
        {
            log.LogInformation("pop3_enable_apop = yes: APOP secrets are decrypted with {Path} (key {KeyId}); every node that shares the "
                + "account database needs this same file", CredentialPolicy.ApopKeyPath(settings), apop.Key.Id);
        }
        else if (apop is not null)
        {
            log.LogWarning("pop3_enable_apop = yes, but smtpd_sasl_security_options and smtpd_sasl_tls_security_options exclude what APOP "
                + "is (an MD5 challenge-response, like CRAM-MD5): APOP stays off and is answered with -ERR");
        }
        return new Pop3Services(settings, certificate, authenticator, popBeforeSmtp, log) { Metrics = metrics };
    }
}
