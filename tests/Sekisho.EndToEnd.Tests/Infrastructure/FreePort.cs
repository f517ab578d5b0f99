using System.Net;
using System.Net.Sockets;

namespace Sekisho.EndToEnd.Tests.Infrastructure;

/// <summary>Finds a free TCP port on loopback.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
