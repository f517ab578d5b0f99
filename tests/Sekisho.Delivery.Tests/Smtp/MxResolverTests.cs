using System.Net;
using Sekisho.Delivery.Smtp;

namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>MX lookup against a DNS responder on 127.0.0.1 (smtp_dns_servers), RFC 5321 section 5 and RFC 7505.</summary>
public sealed class MxResolverTests : IDisposable
{
    private readonly FakeDnsServer _dns = new();

    public void Dispose() => _dns.Dispose();

    private SmtpTransportOptions Options => new()
    {
        DnsServers = [_dns.EndPoint],
        DnsTimeout = TimeSpan.FromSeconds(2),
        HeloName = "me.test",
        UseIPv6 = false,
    };

    private Task<HostResolution> ResolveAsync(string destination, SmtpTransportOptions? options = null)
    {
        options ??= Options;
        Assert.True(NextHop.TryParse(destination, 25, out var nextHop, out _));
        return new MxResolver(MxResolver.CreateLookupClient(options), options).ResolveAsync(nextHop, CancellationToken.None);
    }

    [Fact]
    public async Task Hosts_are_tried_in_preference_order()
    {
        _dns.AddMx("example.test", 20, "mx2.example.test").AddMx("example.test", 10, "mx1.example.test").AddMx("example.test", 30, "mx3.example.test");
        _dns.AddAddress("mx1.example.test", "127.0.0.11").AddAddress("mx2.example.test", "127.0.0.12").AddAddress("mx3.example.test", "127.0.0.13");
        var result = await ResolveAsync("example.test");
        Assert.Null(result.Problem);
        Assert.Equal(["mx1.example.test[127.0.0.11]:25", "mx2.example.test[127.0.0.12]:25", "mx3.example.test[127.0.0.13]:25"], result.Endpoints.Select(e => e.Relay));
        Assert.Equal([10, 20, 30], result.Endpoints.Select(e => e.Preference));
    }

    [Fact]
    public async Task Hosts_of_equal_preference_are_shuffled_but_stay_before_worse_ones()
    {
        _dns.AddMx("example.test", 10, "a.example.test").AddMx("example.test", 10, "b.example.test").AddMx("example.test", 20, "c.example.test");
        _dns.AddAddress("a.example.test", "127.0.0.11").AddAddress("b.example.test", "127.0.0.12").AddAddress("c.example.test", "127.0.0.13");
        var firsts = new HashSet<string>();
        for (var i = 0; i < 40 && firsts.Count < 2; i++)
        {
            var result = await ResolveAsync("example.test");
            Assert.Equal("c.example.test", result.Endpoints[2].HostName);
            firsts.Add(result.Endpoints[0].HostName);
        }
        Assert.Equal(["a.example.test", "b.example.test"], firsts.Order());
    }

    [Fact]
    public async Task A_domain_without_MX_is_its_own_mail_host()
    {
        _dns.AddAddress("plain.test", "127.0.0.21");
        var result = await ResolveAsync("plain.test:2525");
        Assert.Equal(["plain.test[127.0.0.21]:2525"], result.Endpoints.Select(e => e.Relay));
    }

    [Fact]
    public async Task A_null_MX_bounces_at_once()
    {
        _dns.AddMx("nomail.test", 0, ".");
        _dns.AddAddress("nomail.test", "127.0.0.22");
        var result = await ResolveAsync("nomail.test");
        Assert.Empty(result.Endpoints);
        Assert.Equal(SmtpProblem.Bounce("Domain nomail.test does not accept mail (nullMX)"), result.Problem);
    }

    [Fact]
    public async Task A_domain_that_does_not_exist_bounces()
    {
        var result = await ResolveAsync("nosuch.test");
        Assert.Equal(SmtpProblem.Bounce("Host or domain name not found. Name service error for name=nosuch.test type=MX: Host not found"), result.Problem);
    }

    [Fact]
    public async Task A_domain_with_neither_MX_nor_address_bounces()
    {
        _dns.Mx["empty.test"] = [];
        var result = await ResolveAsync("empty.test");
        Assert.True(result.Problem!.Permanent);
        Assert.Equal("Host or domain name not found. Name service error for name=empty.test type=A: Host found but no data record of requested type", result.Problem.Detail);
    }

    [Fact]
    public async Task MX_hosts_without_addresses_bounce_or_defer_as_configured()
    {
        _dns.AddMx("broken.test", 10, "gone.broken.test");
        var bounced = await ResolveAsync("broken.test");
        Assert.Equal(SmtpProblem.Bounce("no MX host for broken.test has a valid address record"), bounced.Problem);
        var deferred = await ResolveAsync("broken.test", Options with { DeferIfNoMxAddressFound = true });
        Assert.False(deferred.Problem!.Permanent);
    }

    [Fact]
    public async Task A_DNS_failure_defers()
    {
        _dns.Failing.Add("flaky.test");
        var result = await ResolveAsync("flaky.test");
        Assert.Equal(SmtpProblem.Defer("Host or domain name not found. Name service error for name=flaky.test type=MX: Host not found, try again"), result.Problem);
    }

    [Fact]
    public async Task A_DNS_server_that_does_not_answer_defers()
    {
        using var silent = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var options = Options with { DnsServers = [(IPEndPoint)silent.Client.LocalEndPoint!], DnsTimeout = TimeSpan.FromMilliseconds(300) };
        var result = await ResolveAsync("example.test", options);
        Assert.False(result.Problem!.Permanent);
        Assert.Contains("try again", result.Problem.Detail);
    }

    [Fact]
    public async Task Bracketed_destinations_skip_the_MX_lookup()
    {
        _dns.AddMx("relay.test", 10, "mx.elsewhere.test");
        _dns.AddAddress("relay.test", "127.0.0.31");
        var byName = await ResolveAsync("[relay.test]:587");
        Assert.Equal(["relay.test[127.0.0.31]:587"], byName.Endpoints.Select(e => e.Relay));
        var byAddress = await ResolveAsync("[127.0.0.32]");
        Assert.Equal(["127.0.0.32[127.0.0.32]:25"], byAddress.Endpoints.Select(e => e.Relay));
        Assert.Equal(1, _dns.Queries);
    }

    [Fact]
    public async Task An_MX_naming_this_host_cuts_the_list_at_its_preference()
    {
        _dns.AddMx("loop.test", 10, "better.loop.test").AddMx("loop.test", 20, "me.test").AddMx("loop.test", 30, "worse.loop.test");
        _dns.AddAddress("better.loop.test", "127.0.0.41").AddAddress("worse.loop.test", "127.0.0.42").AddAddress("me.test", "127.0.0.43");
        var result = await ResolveAsync("loop.test");
        Assert.Equal(["better.loop.test"], result.Endpoints.Select(e => e.HostName));
        _dns.Mx["self.test"] = [(10, "me.test")];
        var self = await ResolveAsync("self.test");
        Assert.Equal(SmtpProblem.Bounce("mail for self.test loops back to myself"), self.Problem);
    }

    [Fact]
    public async Task The_address_list_is_capped_by_smtp_mx_address_limit()
    {
        for (var i = 1; i <= 7; i++)
        {
            _dns.AddMx("many.test", (ushort)(i * 10), $"mx{i}.many.test").AddAddress($"mx{i}.many.test", $"127.0.1.{i}");
        }
        Assert.Equal(5, (await ResolveAsync("many.test")).Endpoints.Count);
        Assert.Equal(7, (await ResolveAsync("many.test", Options with { MxAddressLimit = 0 })).Endpoints.Count);
    }

    [Fact]
    public async Task With_DNS_lookups_disabled_names_resolve_natively_without_MX()
    {
        var options = Options with { DisableDnsLookups = true };
        var result = await ResolveAsync("localhost:2525", options);
        Assert.Contains(result.Endpoints, e => e.Address.Equals(IPAddress.Loopback) && e.Port == 2525 && e.HostName == "localhost");
        Assert.Equal(0, _dns.Queries);
    }

    [Fact]
    public async Task Host_lookup_dns_then_native_falls_back_for_names_DNS_does_not_know()
    {
        var options = Options with { HostLookup = SmtpHostLookup.Dns | SmtpHostLookup.Native };
        var result = await ResolveAsync("[localhost]", options);
        Assert.Contains(result.Endpoints, e => e.Address.Equals(IPAddress.Loopback));
        var dnsOnly = await ResolveAsync("[localhost]");
        Assert.True(dnsOnly.Problem!.Permanent);
    }
}
