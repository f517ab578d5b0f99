using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sekisho.Config;

/// <summary>
/// Parses one listen entry: <c>127.0.0.1:25</c>, <c>[::1]:25</c>, <c>0.0.0.0:25</c>, <c>*:25</c> or a bare
/// <c>25</c> (all interfaces, per <c>inet_protocols</c>), or <c>localhost:25</c> (the loopback addresses).
/// </summary>
internal static class ListenAddressParser
{
    /// <summary>Parses the entry, adding one or more endpoints.</summary>
    /// <param name="entry">The text.</param>
    /// <param name="ipv4">Whether <c>inet_protocols</c> enables IPv4 (for <c>*</c> and <c>localhost</c>).</param>
    /// <param name="ipv6">Whether <c>inet_protocols</c> enables IPv6 (for <c>*</c> and <c>localhost</c>).</param>
    /// <param name="endpoints">Receives the endpoints.</param>
    /// <param name="problem">What is wrong, when the result is false.</param>
    public static bool TryParse(string entry, bool ipv4, bool ipv6, List<ListenEndpoint> endpoints, out string problem)
    {
        problem = "";
        string host;
        string portText;
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']');
            if (close < 0 || close + 1 >= entry.Length || entry[close + 1] != ':')
            {
                problem = $"bad listen address \"{entry}\" (expected [IPv6]:port)";
                return false;
            }
            host = entry[1..close];
            portText = entry[(close + 2)..];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6 || host.Contains('%'))
            {
                problem = $"bad IPv6 address in \"{entry}\"";
                return false;
            }
        }
        else
        {
            var colon = entry.LastIndexOf(':');
            if (colon < 0 && entry.All(char.IsAsciiDigit))
            {
                (host, portText) = ("*", entry);
            }
            else if (colon < 0)
            {
                problem = $"missing port in \"{entry}\"";
                return false;
            }
            else if (entry.IndexOf(':') != colon)
            {
                problem = $"bad listen address \"{entry}\" (write IPv6 addresses as [address]:port)";
                return false;
            }
            else
            {
                (host, portText) = (entry[..colon], entry[(colon + 1)..]);
            }
        }
        if (!TryParsePort(portText, out var port, out var portProblem))
        {
            problem = $"{portProblem} in \"{entry}\"";
            return false;
        }
        switch (host.ToLowerInvariant())
        {
            case "*":
                AddFamilies(endpoints, ipv4, ipv6, IPAddress.Any, IPAddress.IPv6Any, port);
                return true;
            case "localhost":
                AddFamilies(endpoints, ipv4, ipv6, IPAddress.Loopback, IPAddress.IPv6Loopback, port);
                return true;
        }
        if ((!entry.StartsWith('[') && !IsIPv4Literal(host)) || !IPAddress.TryParse(host, out var address))
        {
            problem = $"\"{host}\" in \"{entry}\" is not an IP address (host names are not supported)";
            return false;
        }
        endpoints.Add(new ListenEndpoint(address, port));
        return true;
    }

    /// <summary>True for dotted-quad IPv4 text with four decimal parts.</summary>
    public static bool IsIPv4Literal(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit)
            && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    private static bool TryParsePort(string text, out int port, out string problem)
    {
        port = 0;
        problem = "";
        if (text.Length == 0)
        {
            problem = "missing port";
            return false;
        }
        if (!text.All(char.IsAsciiDigit))
        {
            problem = "bad port";
            return false;
        }
        if (text.Length > 5 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            problem = "port out of range";
            return false;
        }
        return true;
    }

    private static void AddFamilies(List<ListenEndpoint> endpoints, bool ipv4, bool ipv6, IPAddress v4, IPAddress v6, int port)
    {
        if (ipv4)
        {
            endpoints.Add(new ListenEndpoint(v4, port));
        }
        if (ipv6)
        {
            endpoints.Add(new ListenEndpoint(v6, port));
        }
    }
}
