using System.Net;
using Microsoft.Extensions.Logging;
using Sekisho.Config;
using Sekisho.Server.Metrics;

namespace Sekisho.Server.RelayAuth;

/// <summary>
/// POP-before-SMTP, as DRAC did it for Postfix but built in: a successful POP3 login authorizes the client address
/// to relay for <c>pop_before_smtp_expire</c> (30 minutes by default); <c>permit_pop_before_smtp</c> asks here.
/// Entries made by nodes outside <c>pop_before_smtp_updaters</c> (DRAC's dracd.allow) do not count.
/// </summary>
public sealed class PopBeforeSmtp
{
    private readonly IRelayAuthorizationStore _store;
    private readonly PopSettings _settings;
    private readonly string _node;
    private readonly ILogger _log;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    /// <param name="store">Where authorizations live.</param>
    /// <param name="settings">Expiry, IPv6 prefix, updaters.</param>
    /// <param name="node">This node's name (<c>myhostname</c>), recorded with each authorization.</param>
    /// <param name="log">The mail log.</param>
    /// <param name="time">The clock.</param>
    public PopBeforeSmtp(IRelayAuthorizationStore store, PopSettings settings, string node, ILogger log, TimeProvider? time = null)
    {
        _store = store;
        _settings = settings;
        _node = node.ToLowerInvariant();
        _log = log;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Counts the authorizations recorded (and the store's failures), or null.</summary>
    public ServerMetrics? Metrics { get; init; }

    /// <summary>Records a POP3 login: the client may relay until the expiry. A store failure is logged, never thrown.</summary>
    /// <param name="client">The client address.</param>
    /// <param name="user">The account that logged in, for the log.</param>
    /// <param name="cancellationToken">Session end.</param>
    public async Task AuthorizeAsync(IPAddress client, string user, CancellationToken cancellationToken)
    {
        var key = RelayAuthorizationKey.For(client, _settings.Ipv6Prefix);
        var until = _time.GetUtcNow() + _settings.Expire;
        try
        {
            await _store.AuthorizeAsync(key, until, _node, cancellationToken);
            _log.LogInformation("pop-before-smtp: {Key} may relay until {Until:u} (POP3 login of {User})", key, until, user);
            Metrics?.PopBeforeSmtpAuthorized(recorded: true);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _log.LogWarning("pop-before-smtp: cannot record {Key} (POP3 login of {User}): {Problem}", key, user, exception.Message);
            Metrics?.PopBeforeSmtpAuthorized(recorded: false);
        }
    }

    /// <summary>Whether <paramref name="client"/> may relay now; null when the store cannot be asked.</summary>
    public async ValueTask<bool?> IsAuthorizedAsync(IPAddress client, CancellationToken cancellationToken)
    {
        var key = RelayAuthorizationKey.For(client, _settings.Ipv6Prefix);
        try
        {
            var entry = await _store.FindAsync(key, _time.GetUtcNow(), cancellationToken);
            return entry is not null && (_settings.Updaters.Count == 0 || entry.Node == "admin" || _settings.Updaters.Contains(entry.Node));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _log.LogWarning("pop-before-smtp: cannot look up {Key}: {Problem}", key, exception.Message);
            return null;
        }
    }

    /// <summary>Purges expired entries once a minute until <paramref name="cancellationToken"/> ends.</summary>
    public async Task RunPurgeAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await _store.PurgeAsync(_time.GetUtcNow(), cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    _log.LogWarning("pop-before-smtp: purge failed: {Problem}", exception.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
