using System.Net;
using Sekisho.Config;
using Sekisho.Policy.Tables;

namespace Sekisho.Server.Smtp;

/// <summary>
/// Counts, per client address, the sessions open on one SMTP service and the connections made in the current
/// <c>anvil_rate_time_unit</c> window (Postfix's anvil(8)), and says when a new connection is over
/// <c>smtpd_client_connection_count_limit</c> or <c>smtpd_client_connection_rate_limit</c>. Clients in
/// <c>smtpd_client_event_limit_exceptions</c> are never limited. Refused connections count towards the rate, so a
/// client hammering the port stays refused until it slows down.
/// </summary>
internal sealed class ClientConnectionLimiter
{
    private readonly ClientLimitSettings _settings;
    private readonly NetworkListTable _exceptions;
    private readonly TimeProvider _time;
    private readonly Dictionary<IPAddress, ClientCounter> _clients = [];
    private long _lastSweep;

    /// <summary>Creates the limiter of one service.</summary>
    public ClientConnectionLimiter(ClientLimitSettings settings, NetworkListTable exceptions, TimeProvider time)
    {
        _settings = settings;
        _exceptions = exceptions;
        _time = time;
        _lastSweep = time.GetTimestamp();
    }

    /// <summary>Clients being tracked (exempt ones are not).</summary>
    public int TrackedClients
    {
        get
        {
            lock (_clients)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>Registers a new connection from <paramref name="address"/>.</summary>
    /// <returns>
    /// Null when the session may go on (the caller then calls <see cref="Close"/> when it ends), or the limit it
    /// is over (the connection is not counted as open; the caller refuses it and does not call <see cref="Close"/>).
    /// </returns>
    public ClientLimitViolation? Open(IPAddress address)
    {
        if (!_settings.Enabled || _exceptions.Contains(address, "unknown", out _))
        {
            return null;
        }
        var now = _time.GetTimestamp();
        lock (_clients)
        {
            SweepIfDue(now);
            if (!_clients.TryGetValue(address, out var counter))
            {
                counter = new ClientCounter { WindowStart = now };
                _clients.Add(address, counter);
            }
            if (_time.GetElapsedTime(counter.WindowStart, now) >= _settings.RateTimeUnit)
            {
                counter.WindowStart = now;
                counter.Rate = 0;
            }
            counter.Rate++;
            if (_settings.ConnectionRateLimit > 0 && counter.Rate > _settings.ConnectionRateLimit)
            {
                return new ClientLimitViolation("Connection rate limit exceeded", counter.Rate);
            }
            if (_settings.ConnectionCountLimit > 0 && counter.Active >= _settings.ConnectionCountLimit)
            {
                return new ClientLimitViolation("Connection concurrency limit exceeded", counter.Active + 1);
            }
            counter.Active++;
            return null;
        }
    }

    /// <summary>A session admitted by <see cref="Open"/> has ended.</summary>
    public void Close(IPAddress address)
    {
        lock (_clients)
        {
            if (_clients.TryGetValue(address, out var counter) && --counter.Active <= 0)
            {
                counter.Active = 0;
                if (_settings.ConnectionRateLimit == 0)
                {
                    _clients.Remove(address); // nothing left to remember without a rate limit
                }
            }
        }
    }

    /// <summary>Forgets clients with no open session whose rate window has passed (at most once per time unit).</summary>
    private void SweepIfDue(long now)
    {
        if (_time.GetElapsedTime(_lastSweep, now) < _settings.RateTimeUnit)
        {
            return;
        }
        _lastSweep = now;
        foreach (var (address, counter) in _clients)
        {
            if (counter.Active == 0 && _time.GetElapsedTime(counter.WindowStart, now) >= _settings.RateTimeUnit)
            {
                _clients.Remove(address);
            }
        }
    }

    private sealed class ClientCounter
    {
        public int Active;
        public int Rate;
        public long WindowStart;
    }
}
