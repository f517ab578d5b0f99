using MailKit.Net.Smtp;

namespace Sekisho.Delivery.Smtp;

/// <summary>
/// Postfix's SMTP connection cache: after a mail transaction the session is kept for
/// <c>smtp_connection_cache_time_limit</c> (2 s) so the next message to the same server, with the same TLS level and
/// login, skips connect, greeting, EHLO, STARTTLS and AUTH. A session older than
/// <c>smtp_connection_reuse_time_limit</c> (300 s) is closed instead of being reused. Idle sessions end with QUIT.
/// </summary>
public sealed class SmtpConnectionCache
{
    private readonly TimeSpan _idleLimit;
    private readonly TimeSpan _reuseLimit;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, List<CachedSmtpConnection>> _idle = new(StringComparer.Ordinal);

    /// <summary>Creates the cache.</summary>
    /// <param name="idleLimit">How long a session may wait for the next transaction.</param>
    /// <param name="reuseLimit">How long after its connect a session may still be reused.</param>
    /// <param name="time">The clock.</param>
    public SmtpConnectionCache(TimeSpan idleLimit, TimeSpan reuseLimit, TimeProvider? time = null)
    {
        _idleLimit = idleLimit;
        _reuseLimit = reuseLimit;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Sessions waiting, for tests.</summary>
    public int IdleCount
    {
        get
        {
            lock (_idle)
            {
                return _idle.Values.Sum(list => list.Count);
            }
        }
    }

    /// <summary>Takes a waiting session for <paramref name="key"/>, or null.</summary>
    /// <param name="key">Server, TLS level and login, as <see cref="SmtpSession"/> builds it.</param>
    public CachedSmtpConnection? TryTake(string key)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        while (true)
        {
            CachedSmtpConnection? connection;
            lock (_idle)
            {
                if (!_idle.TryGetValue(key, out var list) || list.Count == 0)
                {
                    return null;
                }
                connection = list[^1];
                list.RemoveAt(list.Count - 1);
                if (list.Count == 0)
                {
                    _idle.Remove(key);
                }
            }
            if (now - connection.IdleSince <= _idleLimit && connection.Client.IsConnected && !connection.Watch.Token.IsCancellationRequested)
            {
                return connection;
            }
            connection.Dispose();
        }
    }

    /// <summary>Keeps a session after a successful transaction, or ends it when it is too old to be reused.</summary>
    /// <param name="key">Server, TLS level and login.</param>
    /// <param name="connection">The session, ready for MAIL FROM.</param>
    public void Return(string key, CachedSmtpConnection connection)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (_idleLimit <= TimeSpan.Zero || now - connection.ConnectedAt >= _reuseLimit || !connection.Client.IsConnected)
        {
            _ = QuitAsync(connection);
            return;
        }
        connection.IdleSince = now;
        lock (_idle)
        {
            if (!_idle.TryGetValue(key, out var list))
            {
                _idle[key] = list = [];
            }
            list.Add(connection);
        }
        _ = ExpireAsync(key, connection);
    }

    private async Task ExpireAsync(string key, CachedSmtpConnection connection)
    {
        await Task.Delay(_idleLimit, _time);
        lock (_idle)
        {
            if (!_idle.TryGetValue(key, out var list) || !list.Remove(connection))
            {
                return; // taken meanwhile
            }
            if (list.Count == 0)
            {
                _idle.Remove(key);
            }
        }
        await QuitAsync(connection);
    }

    private static async Task QuitAsync(CachedSmtpConnection connection)
    {
        using (connection)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await connection.Client.DisconnectAsync(quit: true, deadline.Token);
            }
            catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or OperationCanceledException
                                                  or SmtpProtocolException or SmtpCommandException or ObjectDisposedException)
            {
                // Idle and done with: a failed QUIT changes nothing.
            }
        }
    }
}
