using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Sekisho.Accounts;
using Sekisho.Config;
using Sekisho.Protocol.Pop3;
using Sekisho.Protocol.Sasl;
using Sekisho.Server.Auth;
using Sekisho.Server.Smtp;

namespace Sekisho.Server.Pop3;

/// <summary>
/// POP3 logins, checked exactly as SMTP AUTH checks them: USER/PASS through the account store's password check (the
/// one SASL PLAIN uses), AUTH (RFC 5034) with the SMTP mechanisms and security options, the same failure delay and the
/// same per-address throttle. What may be used when follows SMTP's rules: with <c>smtpd_tls_auth_only = yes</c> (the
/// default) nothing before STLS; otherwise the mechanisms <c>smtpd_sasl_security_options</c> allows without TLS
/// (<c>smtpd_sasl_tls_security_options</c> under TLS), and USER/PASS whenever PLAIN's properties are allowed.
/// APOP (with <c>pop3_enable_apop = yes</c>) is an MD5 challenge-response like CRAM-MD5 and follows CRAM-MD5's rules,
/// whether or not CRAM-MD5 is listed. <c>smtpd_sasl_auth_enable</c> does not apply: it turns SMTP AUTH off, not
/// mailbox access.
/// </summary>
internal sealed class Pop3Authenticator
{
    private static readonly SaslSecurity PlaintextProperties = SaslMechanismFactory.PropertiesOf("PLAIN")!.Value;

    /// <summary>APOP's weaknesses, those of CRAM-MD5: replayable by a man in the middle, dictionary-attackable, no server proof.</summary>
    private static readonly SaslSecurity ApopProperties = SaslMechanismFactory.PropertiesOf("CRAM-MD5")!.Value;

    private readonly SaslSettings _settings;
    private readonly SaslMechanismFactory _factory;
    private readonly AccountSaslCredentials _credentials;
    private readonly LoginFailures _failures;
    private readonly ApopCredentials? _apop;
    private readonly ILogger _log;

    /// <summary>Creates the authenticator.</summary>
    /// <param name="settings">The SASL settings (shared with SMTP).</param>
    /// <param name="factory">Creates mechanisms over the account store; its service is <c>pop</c>.</param>
    /// <param name="credentials">The account store's SASL view: password check and login-name resolution.</param>
    /// <param name="failures">Failure counting and delay, shared with SMTP AUTH.</param>
    /// <param name="apop">The APOP check with <c>pop3_enable_apop = yes</c>; null when APOP is off.</param>
    /// <param name="log">The POP3 log.</param>
    public Pop3Authenticator(SaslSettings settings, SaslMechanismFactory factory, AccountSaslCredentials credentials, LoginFailures failures,
        ApopCredentials? apop, ILogger log)
    {
        _settings = settings;
        _factory = factory;
        _credentials = credentials;
        _failures = failures;
        _apop = apop;
        _log = log;
    }

    /// <summary>The SASL mechanisms offered on a connection that is (or is not) under TLS; empty when none may be used.</summary>
    public IReadOnlyList<string> Offered(bool tls) =>
        _settings.TlsOnly && !tls ? [] : SaslMechanismFactory.Offered(_settings.Mechanisms, Excluded(tls));

    /// <summary>Whether USER/PASS may be used on a connection that is (or is not) under TLS.</summary>
    public bool PlaintextAllowed(bool tls) => !(_settings.TlsOnly && !tls) && (PlaintextProperties & Excluded(tls)) == 0;

    /// <summary>
    /// Whether APOP is enabled and may be used on some connection (now, or after STLS): the greeting then carries an
    /// APOP timestamp, which is how RFC 1939 offers APOP (there is no capability for it).
    /// </summary>
    public bool ApopOffered => ApopAllowed(tls: false) || ApopAllowed(tls: true);

    /// <summary>Whether APOP may be used on a connection that is (or is not) under TLS.</summary>
    public bool ApopAllowed(bool tls) => _apop is not null && !(_settings.TlsOnly && !tls) && (ApopProperties & Excluded(tls)) == 0;

    /// <summary>Why APOP cannot be used now (not enabled; or not before STLS), or null when it can.</summary>
    /// <param name="tls">Whether the connection is under TLS.</param>
    public Pop3Reply? ApopRefusal(bool tls) =>
        ApopAllowed(tls) ? null
        : !tls && ApopAllowed(tls: true) ? Pop3ServerReplies.EncryptionRequired
        : Pop3Reply.ApopDisabled;

    /// <summary>
    /// APOP: checks MD5(timestamp + password) against the account's decrypted APOP secret. A wrong digest, an unknown user,
    /// an account without a secret and a secret that does not decrypt all fail alike (same reply, same work, same delay,
    /// counted by the throttle); the log says which for the last two.
    /// </summary>
    /// <param name="connection">The connection (what is queued is flushed before a failure delay).</param>
    /// <param name="user">APOP's name, as sent.</param>
    /// <param name="digest">APOP's digest: 32 hex digits.</param>
    /// <param name="timestamp">The timestamp of this session's greeting.</param>
    /// <param name="client">The client address, for the throttle.</param>
    /// <param name="clientLabel">The client as logged.</param>
    /// <param name="cancellationToken">Session end.</param>
    public async Task<Pop3LoginOutcome> VerifyApopAsync(Pop3Connection connection, string user, string digest, string timestamp, IPAddress client,
        string clientLabel, CancellationToken cancellationToken)
    {
        const string method = "APOP";
        if (await CheckThrottleAsync(client, clientLabel, method, cancellationToken) is { } refused)
        {
            return refused;
        }
        ApopCheck check;
        try
        {
            check = await _apop!.VerifyAsync(user, timestamp, digest, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _log.LogWarning("{Client}: login aborted: credential lookup failed (method={Method}): {Problem}", clientLabel, method, exception.Message);
            return new Pop3LoginOutcome(Pop3Reply.TemporaryAuthenticationFailure, null, method);
        }
        switch (check.Result)
        {
            case ApopCheckResult.Verified:
                return new Pop3LoginOutcome(null, check.Account, method);
            case ApopCheckResult.NoSecret:
                _log.LogInformation("{Client}: APOP: {Account} has no APOP secret yet: `sekisho user passwd {Name}` stores one", clientLabel,
                    check.Account, check.Account);
                break;
            case ApopCheckResult.Undecryptable:
                _log.LogWarning("{Client}: APOP: the APOP secret of {Account} cannot be decrypted with this server's apop.key (key {KeyId}; "
                    + "the secret was made under key {SecretKeyId}): every node that shares the account database needs the same apop.key "
                    + "(copy it), or set the password again with `sekisho user passwd {Name}`",
                    clientLabel, check.Account, _apop.Key.Id, check.SecretKeyId, check.Account);
                break;
        }
        return await FailAsync(connection, client, clientLabel, method, user, Pop3Reply.AuthenticationFailed, cancellationToken);
    }

    /// <summary>PASS: checks the password of the name USER gave.</summary>
    /// <param name="connection">The connection (what is queued is flushed before a failure delay).</param>
    /// <param name="user">USER's argument, as sent.</param>
    /// <param name="password">PASS's argument, as sent.</param>
    /// <param name="client">The client address, for the throttle.</param>
    /// <param name="clientLabel">The client as logged.</param>
    /// <param name="cancellationToken">Session end.</param>
    public async Task<Pop3LoginOutcome> VerifyPasswordAsync(Pop3Connection connection, string user, string password, IPAddress client,
        string clientLabel, CancellationToken cancellationToken)
    {
        const string method = "USER";
        if (await CheckThrottleAsync(client, clientLabel, method, cancellationToken) is { } refused)
        {
            return refused;
        }
        bool verified;
        try
        {
            verified = await _credentials.VerifyPasswordAsync(user, password, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _log.LogWarning("{Client}: login aborted: credential lookup failed (method={Method}): {Problem}", clientLabel, method, exception.Message);
            return new Pop3LoginOutcome(Pop3Reply.TemporaryAuthenticationFailure, null, method);
        }
        return verified
            ? new Pop3LoginOutcome(null, _credentials.ResolveAccountName(user) ?? user, method)
            : await FailAsync(connection, client, clientLabel, method, user, Pop3Reply.AuthenticationFailed, cancellationToken);
    }

    /// <summary>AUTH mechanism [initial-response]: runs the exchange (<c>+ base64</c> challenges) to its end.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="mechanismName">The mechanism, upper case.</param>
    /// <param name="initialResponse">The initial response as sent, or null.</param>
    /// <param name="client">The client address.</param>
    /// <param name="clientLabel">The client as logged.</param>
    /// <param name="timeout">The time the client has for each response.</param>
    /// <param name="cancellationToken">Session end.</param>
    public async Task<Pop3LoginOutcome> RunSaslAsync(Pop3Connection connection, string mechanismName, string? initialResponse, IPAddress client,
        string clientLabel, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await CheckThrottleAsync(client, clientLabel, mechanismName, cancellationToken) is { } refused)
        {
            return refused;
        }
        var mechanism = _factory.Create(mechanismName, Offered(connection.IsTls));
        if (mechanism is null)
        {
            return new Pop3LoginOutcome(RefusalFor(mechanismName, connection.IsTls), null, mechanismName);
        }
        if (SaslWire.DecodeInitialResponse(initialResponse ?? "", out var response) == SaslResponseStatus.Malformed)
        {
            return new Pop3LoginOutcome(Pop3Reply.InvalidBase64, null, mechanismName);
        }
        while (true)
        {
            SaslStep step;
            try
            {
                step = await mechanism.StepAsync(response, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _log.LogWarning("{Client}: login aborted: credential lookup failed (method={Method}): {Problem}", clientLabel, mechanismName, exception.Message);
                return new Pop3LoginOutcome(Pop3Reply.TemporaryAuthenticationFailure, null, mechanismName);
            }
            switch (step.Kind)
            {
                case SaslStepKind.Success:
                    return new Pop3LoginOutcome(null, _credentials.ResolveAccountName(step.User!) ?? step.User, mechanismName);
                case SaslStepKind.Failure:
                    return await FailAsync(connection, client, clientLabel, mechanismName, mechanism.AttemptedUser, Pop3Reply.AuthenticationFailed, cancellationToken);
            }
            connection.Write(Pop3Reply.Challenge(step.Data));
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            var (status, line) = await connection.ReadLineAsync(Pop3CommandParser.MaxAuthLineLength, limit.Token);
            if (status == LineReadStatus.Closed)
            {
                return new Pop3LoginOutcome(null, null, mechanismName, Close: true);
            }
            var text = status == LineReadStatus.Line ? Encoding.ASCII.GetString(line!) : "\u0000"; // too long: not base64
            switch (SaslWire.DecodeResponse(text, out response))
            {
                case SaslResponseStatus.Cancelled:
                    return new Pop3LoginOutcome(Pop3Reply.AuthenticationAborted, null, mechanismName);
                case SaslResponseStatus.Malformed:
                    return await FailAsync(connection, client, clientLabel, mechanismName, null, Pop3Reply.InvalidBase64, cancellationToken);
            }
        }
    }

    /// <summary>Why a mechanism cannot be used now: it needs TLS first, or it is not offered at all.</summary>
    private Pop3Reply RefusalFor(string mechanismName, bool tls)
    {
        if (tls || !Offered(tls: true).Contains(mechanismName, StringComparer.Ordinal))
        {
            return Pop3Reply.UnsupportedMechanism;
        }
        var plaintext = SaslMechanismFactory.PropertiesOf(mechanismName) is { } properties && properties.HasFlag(SaslSecurity.Plaintext);
        return plaintext ? Pop3Reply.PlaintextDisallowed : Pop3ServerReplies.EncryptionRequired;
    }

    /// <summary>Null when the client may try; else the refusal (locked out: reply and close).</summary>
    private async Task<Pop3LoginOutcome?> CheckThrottleAsync(IPAddress client, string clientLabel, string method, CancellationToken cancellationToken)
    {
        if (await _failures.LockedUntilAsync(client, clientLabel, cancellationToken) is { } until)
        {
            _log.LogWarning("{Client}: login refused: too many authentication failures (locked until {Until:u})", clientLabel, until);
            return new Pop3LoginOutcome(Pop3ServerReplies.TooManyAuthenticationFailures, null, method, Close: true);
        }
        return null;
    }

    private async Task<Pop3LoginOutcome> FailAsync(Pop3Connection connection, IPAddress client, string clientLabel, string method, string? user,
        Pop3Reply reply, CancellationToken cancellationToken)
    {
        _log.LogWarning("{Client}: authentication failed (method={Method}, user=<{User}>){Reason}", clientLabel, method,
            user is null ? "" : LoginFailures.Printable(user), ReferenceEquals(reply, Pop3Reply.AuthenticationFailed) ? "" : ": " + reply.Text);
        var lockedUntil = await _failures.RecordAsync(client, clientLabel, user, cancellationToken);
        await connection.FlushAsync(cancellationToken);
        await _failures.DelayAsync(cancellationToken);
        if (lockedUntil is { } until)
        {
            _log.LogWarning("{Client}: too many authentication failures: logins refused until {Until:u}", clientLabel, until);
        }
        return new Pop3LoginOutcome(reply, null, method);
    }

    private SaslSecurity Excluded(bool tls) => tls ? _settings.ExcludedUnderTls : _settings.Excluded;
}
