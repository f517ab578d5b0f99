using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace Sekisho.Delivery.Smtp;

/// <summary>
/// Turns a host name into addresses: A/AAAA queries, the system resolver, or DNS then the system resolver
/// (<c>smtp_host_lookup</c>), ordered by <c>smtp_address_preference</c>.
/// </summary>
public sealed class HostAddressResolver
{
    private readonly ILookupClient _dns;
    private readonly SmtpTransportOptions _options;

    /// <summary>Creates the resolver.</summary>
    /// <param name="dns">The DNS client.</param>
    /// <param name="options">Lookup mechanisms and address families.</param>
    public HostAddressResolver(ILookupClient dns, SmtpTransportOptions options)
    {
        _dns = dns;
        _options = options;
    }

    /// <summary>Looks up the addresses of <paramref name="host"/>.</summary>
    /// <param name="host">A host name.</param>
    /// <param name="cancellationToken">Server shutdown.</param>
    public async Task<AddressLookupResult> LookupAsync(string host, CancellationToken cancellationToken)
    {
        var useDns = !_options.DisableDnsLookups && _options.HostLookup.HasFlag(SmtpHostLookup.Dns);
        var useNative = _options.DisableDnsLookups || _options.HostLookup.HasFlag(SmtpHostLookup.Native) || !useDns;
        AddressLookupResult? result = null;
        if (useDns)
        {
            result = await LookupDnsAsync(host, cancellationToken);
            if (result.Status is AddressLookupStatus.Found or AddressLookupStatus.TryAgain || !useNative)
            {
                return result;
            }
        }
        var native = await LookupNativeAsync(host, cancellationToken);
        return native.Status == AddressLookupStatus.Found || result is null ? native : result;
    }

    private async Task<AddressLookupResult> LookupDnsAsync(string host, CancellationToken cancellationToken)
    {
        var v4 = new List<IPAddress>();
        var v6 = new List<IPAddress>();
        var failure = (Status: AddressLookupStatus.Found, Type: "A");
        foreach (var (type, name, enabled) in (IEnumerable<(QueryType, string, bool)>)[(QueryType.A, "A", _options.UseIPv4), (QueryType.AAAA, "AAAA", _options.UseIPv6)])
        {
            if (!enabled)
            {
                continue;
            }
            var status = await QueryAsync(host, type, type == QueryType.A ? v4 : v6, cancellationToken);
            if (status != AddressLookupStatus.Found && (failure.Status == AddressLookupStatus.Found || status == AddressLookupStatus.TryAgain))
            {
                failure = (status, name);
            }
        }
        if (v4.Count + v6.Count > 0)
        {
            return new AddressLookupResult(AddressLookupStatus.Found, Order(v4, v6));
        }
        return new AddressLookupResult(failure.Status == AddressLookupStatus.Found ? AddressLookupStatus.NoData : failure.Status, [], failure.Type);
    }

    private async Task<AddressLookupStatus> QueryAsync(string host, QueryType type, List<IPAddress> into, CancellationToken cancellationToken)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _dns.QueryAsync(host, type, QueryClass.IN, cancellationToken);
        }
        catch (DnsResponseException)
        {
            return AddressLookupStatus.TryAgain;
        }
        if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
        {
            return AddressLookupStatus.NotFound;
        }
        if (response.HasError)
        {
            return AddressLookupStatus.TryAgain;
        }
        foreach (var record in response.Answers)
        {
            switch (record)
            {
                case ARecord a:
                    into.Add(a.Address);
                    break;
                case AaaaRecord aaaa:
                    into.Add(aaaa.Address);
                    break;
            }
        }
        return into.Count > 0 ? AddressLookupStatus.Found : AddressLookupStatus.NoData;
    }

    private async Task<AddressLookupResult> LookupNativeAsync(string host, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException exception)
        {
            var status = exception.SocketErrorCode switch
            {
                SocketError.HostNotFound => AddressLookupStatus.NotFound,
                SocketError.NoData => AddressLookupStatus.NoData,
                _ => AddressLookupStatus.TryAgain,
            };
            return new AddressLookupResult(status, []);
        }
        var v4 = addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork && _options.UseIPv4).ToList();
        var v6 = addresses.Where(a => a.AddressFamily == AddressFamily.InterNetworkV6 && _options.UseIPv6).ToList();
        return v4.Count + v6.Count > 0
            ? new AddressLookupResult(AddressLookupStatus.Found, Order(v4, v6))
            : new AddressLookupResult(AddressLookupStatus.NoData, []);
    }

    private IReadOnlyList<IPAddress> Order(List<IPAddress> v4, List<IPAddress> v6)
    {
        var v6First = _options.AddressPreference switch
        {
            SmtpAddressPreference.IPv6 => true,
            SmtpAddressPreference.IPv4 => false,
            _ => Random.Shared.Next(2) == 0,
        };
        return v6First ? [.. v6, .. v4] : [.. v4, .. v6];
    }
}
