using Prometheus;

namespace Sekisho.Server.Metrics;

/// <summary>An open connection in <c>sekisho_connections_open</c>: disposing it (once) takes it out again.</summary>
internal sealed class ConnectionLease(Gauge.Child open) : IDisposable
{
    private int _disposed;

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            open.Dec();
        }
    }
}
