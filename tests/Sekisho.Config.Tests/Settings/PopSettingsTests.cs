namespace Sekisho.Config.Tests.Settings;

/// <summary>POP3 and POP-before-SMTP parameters: the classic 30-minute window, IPv6 prefixes, the shared store.</summary>
public sealed class PopSettingsTests
{
    [Fact]
    public void Defaults_are_the_classic_thirty_minutes_and_the_embedded_store()
    {
        var pop = Conf.Settings("").Pop;
        Assert.Equal(TimeSpan.FromMinutes(30), pop.Expire);
        Assert.Equal(128, pop.Ipv6Prefix);
        Assert.Equal("", pop.Store);
        Assert.Empty(pop.Updaters);
        Assert.Equal(TimeSpan.FromMinutes(10), pop.Timeout);
        Assert.False(pop.EnableApop);
    }

    [Fact]
    public void The_store_follows_redis_url_unless_set()
    {
        Assert.Equal("redis://127.0.0.1:6379/2", Conf.Settings("redis_url = redis://127.0.0.1:6379/2").Pop.Store);
        Assert.Equal("", Conf.Settings("redis_url = redis://127.0.0.1:6379/2\nrelay_authorization_store =").Pop.Store);
    }

    [Fact]
    public void Updaters_are_node_names_in_lower_case()
    {
        Assert.Equal(["mx1.example.com", "mx2.example.com"], Conf.Settings("pop_before_smtp_updaters = MX1.example.com, mx2.example.com").Pop.Updaters);
    }

    [Theory]
    [InlineData("pop_before_smtp_ipv6_prefix = 0", "sekisho.conf:1: pop_before_smtp_ipv6_prefix: bad prefix length 0 (1 to 128)")]
    [InlineData("pop_before_smtp_ipv6_prefix = 129", "sekisho.conf:1: pop_before_smtp_ipv6_prefix: bad prefix length 129 (1 to 128)")]
    [InlineData("relay_authorization_store = /var/lib/relay.db", "sekisho.conf:1: relay_authorization_store: bad store \"/var/lib/relay.db\" (empty for the embedded database, or redis://host:port/db)")]
    [InlineData("redis_url = localhost:6379", "sekisho.conf:1: redis_url: bad URL \"localhost:6379\" (expected redis://host:port/db or rediss://...)")]
    [InlineData("pop_before_smtp_expire = soon", "sekisho.conf:1: pop_before_smtp_expire: bad time \"soon\" (use a number with unit s, m, h, d or w)")]
    public void Bad_values_are_errors_with_the_line(string text, string message)
    {
        Assert.Equal(message, Conf.ErrorOf(text));
    }
}
