using Sekisho.Delivery.Smtp;

namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>Which destinations a recipient goes to: transport_maps, then sender_dependent_relayhost_maps, then relayhost, then MX.</summary>
public sealed class RouteResolverTests
{
    private static Func<string, string?> Table(params (string Key, string Value)[] entries)
    {
        var table = entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.OrdinalIgnoreCase);
        return key => table.GetValueOrDefault(key);
    }

    private static string Route(SmtpTransportOptions options, string recipient, string sender = "alice@here.example")
    {
        var route = new RouteResolver(options).Resolve(recipient, recipient[(recipient.IndexOf('@') + 1)..], sender);
        return route.Problem is { } problem ? (problem.Permanent ? "bounce: " : "defer: ") + problem.Detail : route.Source + " -> " + route.Key;
    }

    [Fact]
    public void Without_relayhost_mail_goes_to_the_recipient_domain()
    {
        Assert.Equal("recipient domain -> example.com", Route(new SmtpTransportOptions(), "bob@example.com"));
    }

    [Theory]
    [InlineData("[smarthost.example]:587", "relayhost -> [smarthost.example]:587")]
    [InlineData("smarthost.example", "relayhost -> smarthost.example")]
    [InlineData("[a.example], [b.example]", "relayhost -> [a.example], [b.example]")]
    [InlineData("192.0.2.1", "defer: bad relayhost destination: an IP address must be written [address] in \"192.0.2.1\"")]
    public void Relayhost_replaces_the_recipient_domain(string relayHost, string expected)
    {
        Assert.Equal(expected, Route(new SmtpTransportOptions { RelayHost = relayHost }, "bob@example.com"));
    }

    [Fact]
    public void Transport_maps_search_address_domain_parent_domains_then_star()
    {
        var options = new SmtpTransportOptions
        {
            RelayHost = "[smarthost.example]",
            TransportMaps = Table(
                ("vip@example.com", "smtp:[vip.example]:2525"),
                ("example.com", "smtp:[10.0.0.5]:25"),
                (".example.org", ":[org-relay.example]"),
                ("*", "smtp:[catchall.example]")),
        };
        Assert.Equal("transport_maps -> [vip.example]:2525", Route(options, "vip@example.com"));
        Assert.Equal("transport_maps -> [10.0.0.5]:25", Route(options, "bob@example.com"));
        Assert.Equal("transport_maps -> [org-relay.example]", Route(options, "bob@deep.sub.example.org"));
        Assert.Equal("transport_maps -> [catchall.example]", Route(options, "bob@elsewhere.example"));
    }

    [Fact]
    public void A_transport_entry_without_next_hop_keeps_the_default_route()
    {
        var options = new SmtpTransportOptions { RelayHost = "[smarthost.example]", TransportMaps = Table(("example.com", "smtp:")) };
        Assert.Equal("relayhost -> [smarthost.example]", Route(options, "bob@example.com"));
    }

    [Theory]
    [InlineData("error:5.1.1 this domain is gone", "bounce: 5.1.1 this domain is gone")]
    [InlineData("retry:4.3.0 maintenance", "defer: 4.3.0 maintenance")]
    [InlineData("local:", "defer: mail transport unavailable: transport_maps names \"local\" for an smtp recipient")]
    [InlineData("smtp:[bad", "defer: bad transport_maps destination: missing ']' in \"[bad\"")]
    public void Transport_entries_that_do_not_route_are_results(string value, string expected)
    {
        var options = new SmtpTransportOptions { TransportMaps = Table(("example.com", value)) };
        Assert.Equal(expected, Route(options, "bob@example.com"));
    }

    [Fact]
    public void Sender_dependent_relayhost_searches_sender_then_at_domain_and_beats_relayhost()
    {
        var options = new SmtpTransportOptions
        {
            RelayHost = "[smarthost.example]",
            SenderDependentRelayhostMaps = Table(
                ("alice@here.example", "[alice-relay.example]:587"),
                ("@here.example", "[here-relay.example]"),
                ("<>", "[bounce-relay.example]")),
        };
        Assert.Equal("sender_dependent_relayhost_maps -> [alice-relay.example]:587", Route(options, "bob@example.com"));
        Assert.Equal("sender_dependent_relayhost_maps -> [here-relay.example]", Route(options, "bob@example.com", "carol@here.example"));
        Assert.Equal("sender_dependent_relayhost_maps -> [bounce-relay.example]", Route(options, "bob@example.com", ""));
        Assert.Equal("relayhost -> [smarthost.example]", Route(options, "bob@example.com", "dave@other.example"));
    }

    [Fact]
    public void Transport_maps_beat_sender_dependent_relayhost()
    {
        var options = new SmtpTransportOptions
        {
            TransportMaps = Table(("example.com", "smtp:[direct.example]")),
            SenderDependentRelayhostMaps = Table(("@here.example", "[here-relay.example]")),
        };
        Assert.Equal("transport_maps -> [direct.example]", Route(options, "bob@example.com"));
    }
}
