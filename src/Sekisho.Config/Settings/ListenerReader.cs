using System.Net;

namespace Sekisho.Config;

/// <summary>
/// Reads <c>inet_interfaces</c>, <c>inet_protocols</c> and the listener parameters. A listener the file does not
/// set gets its addresses from <c>inet_interfaces</c>; an address:port used by two listeners is an error.
/// </summary>
internal sealed class ListenerReader
{
    private readonly SettingReader _reader;
    private readonly Dictionary<ListenEndpoint, string> _owners = [];
    private readonly bool _ipv4;
    private readonly bool _ipv6;

    /// <summary>Validates <c>inet_protocols</c> and <c>inet_interfaces</c>.</summary>
    /// <exception cref="ConfigException">An unknown protocol or an interface that is not an address.</exception>
    public ListenerReader(SettingReader reader)
    {
        _reader = reader;
        foreach (var protocol in reader.List("inet_protocols"))
        {
            if (protocol.ToLowerInvariant() is not ("all" or "ipv4" or "ipv6"))
            {
                throw reader.Error("inet_protocols", $"unknown protocol \"{protocol}\" (use all, ipv4 or ipv6)");
            }
        }
        (_ipv4, _ipv6) = DerivedDefaults.ParseProtocols(reader.Text("inet_protocols"));
        foreach (var entry in reader.List("inet_interfaces"))
        {
            var bare = entry.StartsWith('[') && entry.EndsWith(']') ? entry[1..^1] : entry;
            var isKeyword = entry.ToLowerInvariant() is "all" or "loopback-only" or "localhost";
            var isAddress = ListenAddressParser.IsIPv4Literal(bare) || (bare.Contains(':') && IPAddress.TryParse(bare, out _));
            if (!isKeyword && !isAddress)
            {
                throw reader.Error("inet_interfaces", $"\"{entry}\" is not an IP address (use all, loopback-only, localhost or addresses)");
            }
        }
    }

    /// <summary>The address families <c>inet_protocols</c> enables (validated); the SMTP client uses them too.</summary>
    public (bool IPv4, bool IPv6) Protocols => (_ipv4, _ipv6);

    /// <summary>Reads one listener parameter; an empty value means the listener is off.</summary>
    /// <exception cref="ConfigException">A malformed entry, a port out of range, or an endpoint another listener already uses.</exception>
    public IReadOnlyList<ListenEndpoint> Read(string name)
    {
        var blame = _reader.Configuration.IsSetInFile(name) || ParameterCatalog.Find(name)?.DerivedFrom is null ? name : "inet_interfaces";
        var endpoints = new List<ListenEndpoint>();
        foreach (var entry in _reader.List(name))
        {
            if (!ListenAddressParser.TryParse(entry, _ipv4, _ipv6, endpoints, out var problem))
            {
                throw _reader.Error(blame, blame == name ? problem : $"{problem} (default of {name})");
            }
        }
        var distinct = endpoints.Distinct().ToArray();
        foreach (var endpoint in distinct)
        {
            if (_owners.TryGetValue(endpoint, out var owner))
            {
                throw blame == name || !_reader.Configuration.IsSetInFile(owner)
                    ? _reader.Error(blame, $"{endpoint} is already used by {owner}")
                    : _reader.Error(owner, $"{endpoint} is also used by {name} (its default comes from inet_interfaces)");
            }
            _owners[endpoint] = name;
        }
        return distinct;
    }
}
