namespace Sekisho.Config.Tests.Settings;

/// <summary>The relay-server parameters of Postfix: relayhost, TLS level, SASL to the provider, DNS servers.</summary>
public sealed class OutboundSettingsTests
{
    [Fact]
    public void Defaults_deliver_directly_with_opportunistic_tls_and_no_auth()
    {
        var outbound = Conf.Settings("myhostname = mx.example.test").Outbound;
        Assert.Equal("", outbound.RelayHost);
        Assert.Equal("may", outbound.TlsSecurityLevel);
        Assert.False(outbound.SaslAuthEnable);
        Assert.Equal(["noplaintext", "noanonymous"], outbound.SaslSecurityOptions);
        Assert.Equal(["noanonymous"], outbound.SaslTlsSecurityOptions);
        Assert.Equal("mx.example.test", outbound.HeloName);
        Assert.Empty(outbound.DnsServers);
        Assert.Equal(TimeSpan.FromSeconds(30), outbound.ConnectTimeout);
    }

    [Fact]
    public void The_classic_relay_server_setup_loads()
    {
        var outbound = Conf.Settings("""
            relayhost = [smtp.provider.example]:587
            smtp_sasl_auth_enable = yes
            smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd
            smtp_sasl_security_options = noanonymous
            smtp_tls_security_level = encrypt
            smtp_dns_servers = 127.0.0.1:5353, ::1
            """).Outbound;
        Assert.Equal("[smtp.provider.example]:587", outbound.RelayHost);
        Assert.True(outbound.SaslAuthEnable);
        Assert.Equal(["hash:/etc/postfix/sasl_passwd"], outbound.SaslPasswordMaps);
        Assert.Equal(["noanonymous"], outbound.SaslSecurityOptions);
        Assert.Equal("encrypt", outbound.TlsSecurityLevel);
        Assert.Equal(["127.0.0.1:5353", "::1"], outbound.DnsServers);
    }

    [Theory]
    [InlineData("smtp_tls_security_level = sometimes", "sekisho.conf:1: smtp_tls_security_level: unknown level \"sometimes\" (none, may, encrypt, verify)")]
    [InlineData("smtp_sasl_security_options = noplaintext, nofun", "sekisho.conf:1: smtp_sasl_security_options: unknown option \"nofun\" (expected noplaintext, noanonymous, noactive, nodictionary, mutual_auth)")]
    [InlineData("smtp_dns_servers = dns.example.com", "sekisho.conf:1: smtp_dns_servers: \"dns.example.com\" is not an IP address or address:port")]
    [InlineData("smtp_tcp_port = 0", "sekisho.conf:1: smtp_tcp_port: port out of range \"0\" (1-65535)")]
    [InlineData("smtp_tcp_port = 65536", "sekisho.conf:1: smtp_tcp_port: port out of range \"65536\" (1-65535)")]
    [InlineData("smtp_tcp_port = mail", "sekisho.conf:1: smtp_tcp_port: bad port \"mail\" (a number or one of smtp, submission, submissions, smtps, lmtp)")]
    public void Bad_values_are_errors_with_the_line(string text, string message)
    {
        Assert.Equal(message, Conf.ErrorOf(text));
    }

    [Theory]
    [InlineData("", 25)]
    [InlineData("smtp_tcp_port = 2525", 2525)]
    [InlineData("smtp_tcp_port = smtp", 25)]
    [InlineData("smtp_tcp_port = submission", 587)]
    public void The_port_of_next_hops_that_name_none_is_smtp_tcp_port(string text, int port)
    {
        Assert.Equal(port, Conf.Settings(text).Outbound.TcpPort);
    }

    [Fact]
    public void An_empty_level_is_none_as_in_postfix()
    {
        Assert.Equal("none", Conf.Settings("smtp_tls_security_level =").Outbound.TlsSecurityLevel);
    }

    [Fact]
    public void Retry_times_have_postfix_defaults_and_can_be_shortened()
    {
        var defaults = Conf.Settings("");
        Assert.Equal(TimeSpan.FromSeconds(300), defaults.MinimalBackoffTime);
        Assert.Equal(TimeSpan.FromSeconds(4000), defaults.MaximalBackoffTime);
        Assert.Equal(TimeSpan.FromSeconds(300), defaults.QueueRunDelay);
        var fast = Conf.Settings("minimal_backoff_time = 1s\nmaximal_backoff_time = 10s\nqueue_run_delay = 2s");
        Assert.Equal(TimeSpan.FromSeconds(1), fast.MinimalBackoffTime);
        Assert.Equal(TimeSpan.FromSeconds(10), fast.MaximalBackoffTime);
        Assert.Equal(TimeSpan.FromSeconds(2), fast.QueueRunDelay);
    }

    [Theory]
    [InlineData("", 5 * 86400)]
    [InlineData("maximal_queue_lifetime = 2", 2 * 86400)]
    [InlineData("maximal_queue_lifetime = 2d", 2 * 86400)]
    [InlineData("maximal_queue_lifetime = 90s", 90)]
    [InlineData("maximal_queue_lifetime = 0", 0)]
    public void Queue_lifetimes_read_a_bare_number_as_days_as_postfix_does(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Conf.Settings(text).MaximalQueueLifetime);
    }
}
