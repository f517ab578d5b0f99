using DnsClient;
using DnsClient.Protocol;

namespace Sekisho.Delivery.Smtp;

/// <summary>
/// Finds the addresses to try for a destination: MX records in preference order (equal preferences shuffled),
/// the domain's own A/AAAA records when it has no MX, an immediate bounce for a null MX (RFC 7505) or a
/// domain that does not exist, and a deferral when DNS fails.
/// </summary>
public sealed class MxResolver
{
    private readonly ILookupClient _dns;
    private readonly HostAddressResolver _hosts;
    private readonly SmtpTransportOptions _options;

    /// <summary>Creates the resolver.</summary>
    /// <param name="dns">The DNS client (see <see cref="CreateLookupClient"/>).</param>
    /// <param name="options">Lookup settings and limits.</param>
    public MxResolver(ILookupClient dns, SmtpTransportOptions options)
    {
        _dns = dns;
        _options = options;
        _hosts = new HostAddressResolver(dns, options);
    }

    /// <summary>A DnsClient for <c>smtp_dns_servers</c> (or the system's servers), without a cache.</summary>
    /// <param name="options">The servers and the query timeout.</param>
    public static ILookupClient CreateLookupClient(SmtpTransportOptions options)
    {
        var settings = options.DnsServers.Count > 0 ? new LookupClientOptions([.. options.DnsServers]) : new LookupClientOptions();
        settings.UseCache = false;
        settings.Timeout = options.DnsTimeout;
        settings.Retries = 1;
        settings.UseTcpFallback = true;
        settings.ThrowDnsErrors = false;
        return new LookupClient(settings);
    }

    /// <summary>Resolves one destination.</summary>
    /// <param name="nextHop">The destination.</param>
    /// <param name="cancellationToken">Server shutdown.</param>
    public async Task<HostResolution> ResolveAsync(NextHop nextHop, CancellationToken cancellationToken)
    {
        if (nextHop.Address is { } literal)
        {
            return HostResolution.Found([new SmtpEndpoint(literal.ToString(), literal, nextHop.Port)]);
        }
        if (!nextHop.LookupMx || _options.DisableDnsLookups)
        {
            return await ResolveHostAsync(nextHop.Host, nextHop.Port, cancellationToken);
        }
        IDnsQueryResponse response;
        try
        {
            response = await _dns.QueryAsync(nextHop.Host, QueryType.MX, QueryClass.IN, cancellationToken);
        }
        catch (DnsResponseException)
        {
            return HostResolution.Failed(SmtpProblem.Defer(NameServiceError.Describe(nextHop.Host, "MX", AddressLookupStatus.TryAgain)));
        }
        if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
        {
            return HostResolution.Failed(SmtpProblem.Bounce(NameServiceError.Describe(nextHop.Host, "MX", AddressLookupStatus.NotFound)));
        }
        if (response.HasError)
        {
            return HostResolution.Failed(SmtpProblem.Defer(NameServiceError.Describe(nextHop.Host, "MX", AddressLookupStatus.TryAgain)));
        }
        var records = response.Answers.OfType<MxRecord>().ToList();
        if (records.Count == 0)
        {
            return await ResolveHostAsync(nextHop.Host, nextHop.Port, cancellationToken);
        }
        if (records.Count == 1 && IsNullMx(records[0]))
        {
            return HostResolution.Failed(SmtpProblem.Bounce($"Domain {nextHop.Host} does not accept mail (nullMX)"));
        }
        var exchanges = Order(records.Where(r => !IsNullMx(r)));
        var self = exchanges.FindIndex(e => string.Equals(e.Host, _options.HeloName, StringComparison.OrdinalIgnoreCase));
        if (self >= 0)
        {
            var own = exchanges[self].Preference;
            exchanges = exchanges.Where(e => e.Preference < own).ToList();
            if (exchanges.Count == 0)
            {
                return HostResolution.Failed(SmtpProblem.Bounce($"mail for {nextHop.Host} loops back to myself"));
            }
        }
        return await ResolveExchangesAsync(nextHop, exchanges, cancellationToken);
    }

    private async Task<HostResolution> ResolveExchangesAsync(NextHop nextHop, List<(string Host, int Preference)> exchanges, CancellationToken cancellationToken)
    {
        var endpoints = new List<SmtpEndpoint>();
        AddressLookupResult? temporary = null;
        string? temporaryHost = null;
        foreach (var (host, preference) in exchanges)
        {
            var addresses = await _hosts.LookupAsync(host, cancellationToken);
            if (addresses.Status == AddressLookupStatus.TryAgain)
            {
                temporary ??= addresses;
                temporaryHost ??= host;
            }
            endpoints.AddRange(addresses.Addresses.Select(a => new SmtpEndpoint(host, a, nextHop.Port, preference)));
        }
        if (endpoints.Count > 0)
        {
            return HostResolution.Found(Limit(endpoints));
        }
        if (temporary is not null)
        {
            return HostResolution.Failed(SmtpProblem.Defer(temporary.Describe(temporaryHost!)));
        }
        var detail = $"no MX host for {nextHop.Host} has a valid address record";
        return HostResolution.Failed(_options.DeferIfNoMxAddressFound ? SmtpProblem.Defer(detail) : SmtpProblem.Bounce(detail));
    }

    private async Task<HostResolution> ResolveHostAsync(string host, int port, CancellationToken cancellationToken)
    {
        var addresses = await _hosts.LookupAsync(host, cancellationToken);
        if (addresses.Status != AddressLookupStatus.Found)
        {
            var detail = addresses.Describe(host);
            return HostResolution.Failed(addresses.Status == AddressLookupStatus.TryAgain ? SmtpProblem.Defer(detail) : SmtpProblem.Bounce(detail));
        }
        return HostResolution.Found(Limit(addresses.Addresses.Select(a => new SmtpEndpoint(host, a, port)).ToList()));
    }

    private IReadOnlyList<SmtpEndpoint> Limit(List<SmtpEndpoint> endpoints) =>
        _options.MxAddressLimit > 0 && endpoints.Count > _options.MxAddressLimit ? endpoints[.._options.MxAddressLimit] : endpoints;

    private static bool IsNullMx(MxRecord record) => record.Exchange.Value is "." or "";

    /// <summary>Sorts by preference, shuffling hosts of equal preference (RFC 5321 section 5.1).</summary>
    private static List<(string Host, int Preference)> Order(IEnumerable<MxRecord> records)
    {
        var shuffled = records.Select(r => (Host: r.Exchange.Value.TrimEnd('.'), Preference: (int)r.Preference)).ToArray();
        Random.Shared.Shuffle(shuffled);
        return shuffled.OrderBy(e => e.Preference).ToList();
    }
}
