using Sekisho.Config;

namespace Sekisho.Server.Smtp;

/// <summary>
/// The time a client has to send the content of one DATA or BDAT request. With <c>smtpd_per_request_deadline</c>
/// (Postfix 3.7) it starts at <c>smtpd_timeout</c> and grows by the bytes received divided by
/// <c>smtpd_min_data_rate</c>, so a client dribbling a byte now and then is cut off while a slow link with a large
/// message is not; without it, <c>smtpd_timeout</c> limits each wait for more bytes.
/// </summary>
internal sealed class ContentDeadline : IDisposable
{
    private readonly SessionDeadlineSettings _settings;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _source;
    private readonly long _start;
    private double _allowedSeconds;

    /// <summary>Starts the clock.</summary>
    /// <param name="settings">The session deadlines.</param>
    /// <param name="time">The clock.</param>
    /// <param name="abort">The server's hard stop, linked into <see cref="Token"/>.</param>
    public ContentDeadline(SessionDeadlineSettings settings, TimeProvider time, CancellationToken abort)
    {
        _settings = settings;
        _time = time;
        _source = CancellationTokenSource.CreateLinkedTokenSource(abort);
        _start = time.GetTimestamp();
        _allowedSeconds = settings.Timeout.TotalSeconds;
        _source.CancelAfter(settings.Timeout);
    }

    /// <summary>Cancelled when the deadline passes (or at a hard stop).</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Records <paramref name="bytes"/> received, moving the deadline.</summary>
    public void Received(long bytes)
    {
        if (_source.IsCancellationRequested)
        {
            return;
        }
        if (!_settings.PerRequestDeadline)
        {
            _source.CancelAfter(_settings.Timeout);
            return;
        }
        _allowedSeconds += (double)bytes / _settings.MinDataRate;
        var remaining = _allowedSeconds - _time.GetElapsedTime(_start).TotalSeconds;
        _source.CancelAfter(TimeSpan.FromSeconds(Math.Clamp(remaining, 0, int.MaxValue / 1000.0)));
    }

    /// <inheritdoc/>
    public void Dispose() => _source.Dispose();
}
