using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Sekisho.Config;
using Sekisho.Protocol.Sasl;
using Sekisho.Protocol.Smtp;
using Sekisho.Server.Smtp;

namespace Sekisho.Server.Auth;

/// <summary>
/// The AUTH command (RFC 4954) for one listener: which mechanisms are offered (by <c>smtpd_sasl_mechanisms</c>,
/// the security options with and without TLS, and <c>smtpd_tls_auth_only</c>), the 334 challenge loop, and the
/// replies: 235 2.7.0 success, 535 5.7.8 bad credentials (after <c>smtpd_auth_failure_delay</c>, the same for an
/// unknown user), 501 cancel or bad base64, 504 unknown mechanism, 538 encryption required, 421 throttled.
/// </summary>
internal sealed class SmtpAuthenticator
{
    /// <summary>RFC 4954 section 4: a line of the exchange may be 12288 octets long.</summary>
    private const int MaxResponseLine = 12288;

    private readonly SaslSettings _settings;
    private readonly SaslMechanismFactory _factory;
    private readonly Func<string, string?> _accountName;
    private readonly LoginFailures _failures;
    private readonly ILogger _log;

    /// <summary>Creates the authenticator.</summary>
    /// <param name="settings">The listener's AUTH settings.</param>
    /// <param name="factory">Creates mechanisms over the account store.</param>
    /// <param name="accountName">The account a successful login name stands for (<c>alice@example.com</c> → <c>alice</c>).</param>
    /// <param name="failures">Counts failures per address and account (shared with POP3) and delays the reply.</param>
    /// <param name="log">The mail log.</param>
    public SmtpAuthenticator(SaslSettings settings, SaslMechanismFactory factory, Func<string, string?> accountName, LoginFailures failures, ILogger log)
    {
        _settings = settings;
        _factory = factory;
        _accountName = accountName;
        _failures = failures;
        _log = log;
    }

    /// <summary>The mechanisms offered on a connection that is (or is not) under TLS; empty: no AUTH.</summary>
    public IReadOnlyList<string> Offered(bool tls) =>
        !_settings.Enabled || (_settings.TlsOnly && !tls)
            ? []
            : SaslMechanismFactory.Offered(_settings.Mechanisms, tls ? _settings.ExcludedUnderTls : _settings.Excluded);

    /// <summary>The EHLO lines that announce AUTH, or none.</summary>
    public IEnumerable<string> EhloLines(bool tls)
    {
        var offered = Offered(tls);
        if (offered.Count == 0)
        {
            yield break;
        }
        yield return "AUTH " + string.Join(' ', offered);
        if (_settings.BrokenClients)
        {
            yield return "AUTH=" + string.Join(' ', offered);
        }
    }

    /// <summary>Runs one AUTH command to its end.</summary>
    /// <param name="connection">The connection (replies queued on it are flushed before each read).</param>
    /// <param name="argument">The AUTH argument: mechanism and optional initial response.</param>
    /// <param name="client">The client address, for the throttle.</param>
    /// <param name="clientLabel">The client as logged, <c>unknown[192.0.2.1]</c>.</param>
    /// <param name="timeout">The time a client has for each response.</param>
    /// <param name="cancellationToken">Session end.</param>
    public async Task<AuthOutcome> RunAsync(SmtpConnection connection, string argument, IPAddress client, string clientLabel, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2)
        {
            return new AuthOutcome(new SmtpReply(501, "5.5.4", "Syntax: AUTH mechanism"), null, null);
        }
        var name = parts[0].ToUpperInvariant();
        if (await _failures.LockedUntilAsync(client, clientLabel, cancellationToken) is { } until)
        {
            _log.LogWarning("{Client}: AUTH refused: too many authentication failures (locked until {Until:u})", clientLabel, until);
            return new AuthOutcome(new SmtpReply(421, "4.7.0", "Error: too many authentication failures, try again later"), null, name, Close: true);
        }
        var offered = Offered(connection.IsTls);
        var mechanism = _factory.Create(name, offered);
        if (mechanism is null)
        {
            return !connection.IsTls && Offered(tls: true).Contains(name, StringComparer.Ordinal)
                ? new AuthOutcome(new SmtpReply(538, "5.7.11", "Encryption required for requested authentication mechanism"), null, name)
                : new AuthOutcome(new SmtpReply(504, "5.5.4", "Unsupported authentication mechanism"), null, name);
        }
        var status = SaslWire.DecodeInitialResponse(parts.Length == 2 ? parts[1] : "", out var response);
        if (status == SaslResponseStatus.Malformed)
        {
            return new AuthOutcome(new SmtpReply(501, "5.5.2", "Cannot decode response"), null, name);
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
                _log.LogWarning("{Client}: SASL {Mechanism} authentication aborted: credential lookup failed: {Problem}", clientLabel, name, exception.Message);
                return new AuthOutcome(new SmtpReply(454, "4.7.0", "Temporary authentication failure"), null, name);
            }
            switch (step.Kind)
            {
                case SaslStepKind.Success:
                    return new AuthOutcome(new SmtpReply(235, "2.7.0", "Authentication successful"), _accountName(step.User!) ?? step.User, name);
                case SaslStepKind.Failure when step.Reason == SaslFailure.Malformed:
                    return await FailAsync(connection, client, clientLabel, name, null, new SmtpReply(501, "5.5.2", "Error: malformed authentication response"), cancellationToken);
                case SaslStepKind.Failure:
                    return await FailAsync(connection, client, clientLabel, name, mechanism.AttemptedUser,
                        new SmtpReply(535, "5.7.8", "Error: authentication failed: authentication failure"), cancellationToken);
            }
            connection.Write(new SmtpReply(334, null, SaslWire.EncodeChallenge(step.Data)));
            var line = await ReadResponseAsync(connection, timeout, cancellationToken);
            if (line is null)
            {
                return new AuthOutcome(null, null, name, Close: true);
            }
            switch (SaslWire.DecodeResponse(line, out response))
            {
                case SaslResponseStatus.Cancelled:
                    return new AuthOutcome(new SmtpReply(501, "5.7.0", "Authentication aborted"), null, name);
                case SaslResponseStatus.Malformed:
                    return await FailAsync(connection, client, clientLabel, name, null, new SmtpReply(501, "5.5.2", "Cannot decode response"), cancellationToken);
            }
        }
    }

    private async Task<AuthOutcome> FailAsync(SmtpConnection connection, IPAddress client, string clientLabel, string mechanism, string? user,
        SmtpReply reply, CancellationToken cancellationToken)
    {
        var shown = user is null ? null : LoginFailures.Printable(user);
        _log.LogWarning("{Client}: SASL {Mechanism} authentication failed: {Reason}{User}", clientLabel, mechanism,
            reply.Code == 535 ? "authentication failure" : "malformed response", shown is null ? "" : ", sasl_username=" + shown);
        var lockedUntil = await _failures.RecordAsync(client, clientLabel, user, cancellationToken);
        await connection.FlushAsync(cancellationToken);
        await _failures.DelayAsync(cancellationToken);
        if (lockedUntil is { } until)
        {
            _log.LogWarning("{Client}: too many authentication failures: AUTH refused until {Until:u}", clientLabel, until);
        }
        return new AuthOutcome(reply, null, mechanism);
    }

    private static async Task<string?> ReadResponseAsync(SmtpConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        string? text = null;
        var status = await connection.ReadLineAsync(MaxResponseLine, (line, _) => text = Encoding.ASCII.GetString(line), limit.Token);
        return status == LineReadStatus.Line ? text : status == LineReadStatus.TooLong ? "\u0000" : null;
    }
}
