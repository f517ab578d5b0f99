using System.Net;
using System.Net.Sockets;

namespace Sekisho.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Finds a free TCP port on loopback for a server a test starts. Ports come from 20000-32767, below the kernel's
/// ephemeral range (32768-60999), so they never collide with the source ports of client connections other tests
/// are making at the same time; each port is handed out once per test run (a counter from a random start per
/// process), and checked free by binding it on the loopback addresses tests use.
/// </summary>
public static class FreePort
{
    private const int First = 20000;
    private const int Count = 12768;
    private static int _next = Random.Shared.Next(Count);

    /// <summary>A port no one listens on now and no earlier call returned.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (Interlocked.Increment(ref _next) % Count);
            if (IsFree(port))
            {
                return port;
            }
        }
        throw new InvalidOperationException("no free TCP port between 20000 and 32767 on loopback");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
