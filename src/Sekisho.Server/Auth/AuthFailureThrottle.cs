using System.Net;

namespace Sekisho.Server.Auth;

/// <summary>
/// Counts failed AUTH attempts per client address across connections (and nodes, with a shared store). After
/// <c>smtpd_auth_failure_limit</c> failures within <c>smtpd_auth_failure_window</c> the address is locked out for
/// <c>smtpd_auth_penalty_time</c>, doubled at each further lock-out (at most a day) until the address has been quiet
/// for a whole window after its last lock-out ended.
/// </summary>
public sealed class AuthFailureThrottle
{
    private static readonly TimeSpan MaxPenalty = TimeSpan.FromDays(1);

    private readonly IAuthFailureStore _store;
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeSpan _penalty;
    private readonly TimeProvider _time;

    /// <summary>Creates the throttle.</summary>
    /// <param name="store">Where counts live.</param>
    /// <param name="limit">Failures within the window before a lock-out; 0 turns the throttle off.</param>
    /// <param name="window">How long a failure counts.</param>
    /// <param name="penalty">The first lock-out.</param>
    /// <param name="time">The clock.</param>
    public AuthFailureThrottle(IAuthFailureStore store, int limit, TimeSpan window, TimeSpan penalty, TimeProvider? time = null)
    {
        _store = store;
        _limit = limit;
        _window = window;
        _penalty = penalty;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>When the client is locked out, until when; else null.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(IPAddress client, CancellationToken cancellationToken)
    {
        if (_limit == 0)
        {
            return null;
        }
        var lockout = await _store.GetLockoutAsync(client, cancellationToken);
        return lockout is not null && lockout.Until > _time.GetUtcNow() ? lockout.Until : null;
    }

    /// <summary>Records a failure; returns the lock-out end when this failure started one, else null.</summary>
    public async Task<DateTimeOffset?> RecordFailureAsync(IPAddress client, CancellationToken cancellationToken)
    {
        if (_limit == 0)
        {
            return null;
        }
        var now = _time.GetUtcNow();
        if (await _store.AddFailureAsync(client, now, _window, cancellationToken) < _limit)
        {
            return null;
        }
        var previous = await _store.GetLockoutAsync(client, cancellationToken);
        var count = previous is not null && now - previous.Until <= _window ? previous.Count + 1 : 1;
        var penalty = TimeSpan.FromTicks(Math.Min(MaxPenalty.Ticks, _penalty.Ticks * (1L << Math.Min(count - 1, 20))));
        var lockout = new AuthLockout(now + penalty, count);
        await _store.SetLockoutAsync(client, lockout, _window, cancellationToken);
        return lockout.Until;
    }
}
