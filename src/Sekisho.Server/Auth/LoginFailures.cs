using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Sekisho.Config;

namespace Sekisho.Server.Auth;

/// <summary>
/// What a failed login does, whichever protocol saw it (SMTP AUTH, POP3 USER/PASS and AUTH): it counts against the
/// client address in the shared <see cref="AuthFailureThrottle"/>, against the account name in the shared
/// <see cref="AccountFailureCounter"/> (with a warning every twice <c>smtpd_auth_failure_limit</c> failures), and the
/// reply waits <c>smtpd_auth_failure_delay</c>. One instance per protocol, writing to that protocol's log; the two
/// counters are the same objects for all of them, so an address that guesses over SMTP and POP3 is counted once.
/// </summary>
internal sealed class LoginFailures
{
    private readonly SaslSettings _settings;
    private readonly AuthFailureThrottle _throttle;
    private readonly AccountFailureCounter _accounts;
    private readonly Func<string, string?> _accountName;
    private readonly ILogger _log;
    private readonly TimeProvider _time;

    /// <summary>Creates the helper.</summary>
    /// <param name="settings">The failure limit, window and delay.</param>
    /// <param name="throttle">The per-address counter shared by every listener.</param>
    /// <param name="accounts">The per-account counter shared by every listener (it only reports).</param>
    /// <param name="accountName">The account a login name stands for (<c>alice@example.com</c> → <c>alice</c>), or null.</param>
    /// <param name="log">The protocol's mail log.</param>
    /// <param name="time">The clock for the delay.</param>
    public LoginFailures(SaslSettings settings, AuthFailureThrottle throttle, AccountFailureCounter accounts, Func<string, string?> accountName,
        ILogger log, TimeProvider time)
    {
        _settings = settings;
        _throttle = throttle;
        _accounts = accounts;
        _accountName = accountName;
        _log = log;
        _time = time;
    }

    /// <summary>
    /// When the client is locked out, until when; else null. A failure store that cannot be asked (Redis down) is
    /// logged and the login goes on (fail open: an outage must not stop everyone reading mail; each failure is still
    /// delayed, and counted again once the store is back).
    /// </summary>
    /// <param name="client">The client address.</param>
    /// <param name="clientLabel">The client as logged.</param>
    /// <param name="cancellationToken">Session end.</param>
    public async Task<DateTimeOffset?> LockedUntilAsync(IPAddress client, string clientLabel, CancellationToken cancellationToken)
    {
        try
        {
            return await _throttle.LockedUntilAsync(client, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _log.LogWarning("{Client}: failure counter unavailable, login allowed: {Problem}", clientLabel, exception.Message);
            return null;
        }
    }

    /// <summary>
    /// Counts one failure against the address and, when the client named one, the account. A failure store that
    /// cannot be written is logged, never thrown.
    /// </summary>
    /// <param name="client">The client address.</param>
    /// <param name="clientLabel">The client as logged, <c>unknown[192.0.2.1]</c>.</param>
    /// <param name="user">The login name tried, or null when the client never got that far.</param>
    /// <param name="cancellationToken">Session end.</param>
    /// <returns>The end of the lock-out this failure started, or null.</returns>
    public async Task<DateTimeOffset?> RecordAsync(IPAddress client, string clientLabel, string? user, CancellationToken cancellationToken)
    {
        if (user is not null && _settings.FailureLimit > 0)
        {
            var shown = Printable(user);
            var count = _accounts.Record(_accountName(user) ?? shown);
            if (count % (_settings.FailureLimit * 2) == 0)
            {
                _log.LogWarning("sasl_username={User}: {Count} failed logins within {Window} (from any address)", shown, count, _settings.FailureWindow);
            }
        }
        try
        {
            return await _throttle.RecordFailureAsync(client, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _log.LogWarning("{Client}: failed AUTH not counted: failure counter unavailable: {Problem}", clientLabel, exception.Message);
            return null;
        }
    }

    /// <summary>Waits <c>smtpd_auth_failure_delay</c> (call it after flushing what was already queued, before the failure reply).</summary>
    /// <param name="cancellationToken">Session end.</param>
    public async Task DelayAsync(CancellationToken cancellationToken)
    {
        if (_settings.FailureDelay > TimeSpan.Zero)
        {
            await Task.Delay(_settings.FailureDelay, _time, cancellationToken);
        }
    }

    /// <summary>A client-supplied name made safe for one log line: printable ASCII, at most 64 characters.</summary>
    /// <param name="text">The name as the client sent it.</param>
    public static string Printable(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, 64));
        foreach (var c in text.Take(64))
        {
            builder.Append(c is >= ' ' and <= '~' ? c : '?');
        }
        return builder.ToString();
    }
}
