using System.Globalization;
using System.Net;

namespace Sekisho.Delivery.Smtp;

/// <summary>One address to connect to, with the host name it was found under.</summary>
/// <param name="HostName">The MX or relay host name (the address itself for <c>[address]</c> destinations); TLS verifies against it.</param>
/// <param name="Address">The IP address.</param>
/// <param name="Port">The TCP port.</param>
/// <param name="Preference">The MX preference, 0 without MX lookup.</param>
public sealed record SmtpEndpoint(string HostName, IPAddress Address, int Port, int Preference = 0)
{
    /// <summary>Postfix's <c>relay=</c> text: <c>mx.example.com[192.0.2.1]:25</c>.</summary>
    public string Relay => $"{HostName}[{Address}]:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Postfix's name for the host in replies: <c>mx.example.com[192.0.2.1]</c>.</summary>
    public string Name => $"{HostName}[{Address}]";
}
