using System.Net;
using System.Net.Sockets;

namespace Sekisho.Config;

/// <summary>One address and port a listener binds to.</summary>
/// <param name="Address">The local address; <see cref="IPAddress.Any"/> or <see cref="IPAddress.IPv6Any"/> for all interfaces.</param>
/// <param name="Port">The TCP port, 1-65535.</param>
public sealed record ListenEndpoint(IPAddress Address, int Port)
{
    /// <summary>The endpoint as written in configuration: <c>127.0.0.1:25</c> or <c>[::1]:25</c>.</summary>
    public override string ToString() =>
        Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";

    /// <summary>The endpoint for socket APIs.</summary>
    public IPEndPoint ToIPEndPoint() => new(Address, Port);
}
