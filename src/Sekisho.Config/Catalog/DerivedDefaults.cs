using System.Net;
using System.Net.Sockets;

namespace Sekisho.Config;

/// <summary>
/// Defaults computed from other parameters' effective values, the way Postfix derives <c>mydomain</c>
/// from <c>myhostname</c>: <c>mydomain</c>, and the listener addresses from <c>inet_interfaces</c> and <c>inet_protocols</c>.
/// </summary>
internal static class DerivedDefaults
{
    private static readonly IReadOnlyDictionary<string, int> ListenerPorts = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["smtp_listen"] = 25,
        ["submission_listen"] = 587,
        ["pop3_listen"] = 110,
    };

    /// <summary>Computes the derived default of a parameter the file does not set.</summary>
    /// <param name="name">The parameter.</param>
    /// <param name="expanded">Gives the expanded effective value of another parameter.</param>
    /// <param name="value">The derived default (already expanded).</param>
    /// <returns>False when the parameter has a plain catalogue default instead.</returns>
    public static bool TryCompute(string name, Func<string, string> expanded, out string value)
    {
        if (name == "mydomain")
        {
            value = HostIdentity.DomainOf(expanded("myhostname"));
            return true;
        }
        if (ListenerPorts.TryGetValue(name, out var port))
        {
            value = Listeners(expanded("inet_interfaces"), expanded("inet_protocols"), port);
            return true;
        }
        value = "";
        return false;
    }

    /// <summary>Turns <c>inet_interfaces</c> into <c>address:port</c> entries for one listener.</summary>
    /// <remarks>Entries that are not addresses are passed through so that validation can name them.</remarks>
    public static string Listeners(string interfaces, string protocols, int port)
    {
        var (ipv4, ipv6) = ParseProtocols(protocols);
        var endpoints = new List<string>();
        foreach (var entry in ValueList.Split(interfaces))
        {
            switch (entry.ToLowerInvariant())
            {
                case "all":
                    AddFamilies(endpoints, ipv4, ipv6, IPAddress.Any, IPAddress.IPv6Any, port);
                    break;
                case "loopback-only":
                case "localhost":
                    AddFamilies(endpoints, ipv4, ipv6, IPAddress.Loopback, IPAddress.IPv6Loopback, port);
                    break;
                default:
                    endpoints.Add(AddressWithPort(entry, port));
                    break;
            }
        }
        return string.Join(' ', endpoints.Distinct(StringComparer.Ordinal));
    }

    /// <summary>Reads <c>inet_protocols</c>; anything unrecognised counts as <c>all</c> (validation reports it).</summary>
    public static (bool IPv4, bool IPv6) ParseProtocols(string protocols)
    {
        bool ipv4 = false, ipv6 = false;
        foreach (var entry in ValueList.Split(protocols))
        {
            switch (entry.ToLowerInvariant())
            {
                case "ipv4": ipv4 = true; break;
                case "ipv6": ipv6 = true; break;
                default: ipv4 = true; ipv6 = true; break;
            }
        }
        return ipv4 || ipv6 ? (ipv4, ipv6) : (true, true);
    }

    private static void AddFamilies(List<string> endpoints, bool ipv4, bool ipv6, IPAddress v4, IPAddress v6, int port)
    {
        if (ipv4)
        {
            endpoints.Add(new ListenEndpoint(v4, port).ToString());
        }
        if (ipv6)
        {
            endpoints.Add(new ListenEndpoint(v6, port).ToString());
        }
    }

    private static string AddressWithPort(string entry, int port)
    {
        var bare = entry.StartsWith('[') && entry.EndsWith(']') ? entry[1..^1] : entry;
        return IPAddress.TryParse(bare, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{bare}]:{port}"
            : $"{bare}:{port}";
    }
}
