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
    [InlineData("smtp_host_lookup = nis", "sekisho.conf:1: smtp_host_lookup: unknown lookup \"nis\" (use dns, native or dns, native)")]
    [InlineData("smtp_host_lookup = dns, hosts", "sekisho.conf:1: smtp_host_lookup: unknown lookup \"hosts\" (use dns, native or dns, native)")]
    [InlineData("smtp_host_lookup =", "sekisho.conf:1: smtp_host_lookup: empty value (use dns, native or dns, native)")]
    [InlineData("smtp_address_preference = ipv5", "sekisho.conf:1: smtp_address_preference: unknown preference \"ipv5\" (use any, ipv4 or ipv6)")]
    [InlineData("smtp_address_preference =", "sekisho.conf:1: smtp_address_preference: empty value")]
    [InlineData("smtp_mx_address_limit = -1", "sekisho.conf:1: smtp_mx_address_limit: bad integer \"-1\" (must not be negative)")]
    [InlineData("smtp_mx_session_limit = two", "sekisho.conf:1: smtp_mx_session_limit: bad integer \"two\"")]
    [InlineData("smtp_skip_5xx_greeting = maybe", "sekisho.conf:1: smtp_skip_5xx_greeting: bad boolean \"maybe\" (use yes or no)")]
    [InlineData("smtp_defer_if_no_mx_address_found = 1", "sekisho.conf:1: smtp_defer_if_no_mx_address_found: bad boolean \"1\" (use yes or no)")]
    [InlineData("smtp_sasl_mechanism_filter = /etc/postfix/smtp_mechs", "sekisho.conf:1: smtp_sasl_mechanism_filter: \"/etc/postfix/smtp_mechs\" is not supported yet (list mechanism names, !name to exclude one, static:all for the rest)")]
    [InlineData("smtp_sasl_mechanism_filter = hash:/etc/postfix/mechs", "sekisho.conf:1: smtp_sasl_mechanism_filter: \"hash:/etc/postfix/mechs\" is not supported yet (list mechanism names, !name to exclude one, static:all for the rest)")]
    [InlineData("smtp_sasl_mechanism_filter = !", "sekisho.conf:1: smtp_sasl_mechanism_filter: bad mechanism name \"!\"")]
    [InlineData("smtp_sasl_mechanism_filter = plain;login", "sekisho.conf:1: smtp_sasl_mechanism_filter: bad mechanism name \"plain;login\"")]
    [InlineData("smtp_sasl_mechanism_filter = ABCDEFGHIJKLMNOPQRSTU", "sekisho.conf:1: smtp_sasl_mechanism_filter: bad mechanism name \"ABCDEFGHIJKLMNOPQRSTU\"")]
    [InlineData("smtp_dns_support_level = sometimes", "sekisho.conf:1: smtp_dns_support_level: unknown level \"sometimes\" (use enabled, disabled, dnssec or leave empty)")]
    [InlineData("smtp_dns_support_level = disabled\ndisable_dns_lookups = perhaps", "sekisho.conf:2: disable_dns_lookups: bad boolean \"perhaps\" (use yes or no)")]
    [InlineData("smtp_helo_timeout = soon", "sekisho.conf:1: smtp_helo_timeout: bad time \"soon\" (use a number with unit s, m, h, d or w)")]
    [InlineData("smtp_starttls_timeout = 5x", "sekisho.conf:1: smtp_starttls_timeout: bad time \"5x\" (use a number with unit s, m, h, d or w)")]
    [InlineData("smtp_mail_timeout = -5s", "sekisho.conf:1: smtp_mail_timeout: bad time \"-5s\" (use a number with unit s, m, h, d or w)")]
    [InlineData("smtp_rcpt_timeout =", "sekisho.conf:1: smtp_rcpt_timeout: empty value")]
    [InlineData("smtp_data_init_timeout = 0", "sekisho.conf:1: smtp_data_init_timeout: bad time \"0\" (must be at least 1s)")]
    [InlineData("smtp_data_xfer_timeout = 0s", "sekisho.conf:1: smtp_data_xfer_timeout: bad time \"0s\" (must be at least 1s)")]
    [InlineData("smtp_data_done_timeout = 10 minutes", "sekisho.conf:1: smtp_data_done_timeout: bad time \"10 minutes\" (use a number with unit s, m, h, d or w)")]
    [InlineData("smtp_quit_timeout = 0m", "sekisho.conf:1: smtp_quit_timeout: bad time \"0m\" (must be at least 1s)")]
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

    [Theory]
    [InlineData("", nameof(OutboundSettings.HostLookup), "dns")]
    [InlineData("smtp_host_lookup = native", nameof(OutboundSettings.HostLookup), "native")]
    [InlineData("smtp_host_lookup = dns, native", nameof(OutboundSettings.HostLookup), "dns, native")]
    [InlineData("smtp_host_lookup = native dns native", nameof(OutboundSettings.HostLookup), "dns, native")]
    [InlineData("smtp_host_lookup = DNS", nameof(OutboundSettings.HostLookup), "dns")]
    [InlineData("", nameof(OutboundSettings.UseIPv4), "yes")]
    [InlineData("", nameof(OutboundSettings.UseIPv6), "yes")]
    [InlineData("inet_protocols = ipv4", nameof(OutboundSettings.UseIPv4), "yes")]
    [InlineData("inet_protocols = ipv4", nameof(OutboundSettings.UseIPv6), "no")]
    [InlineData("inet_protocols = ipv6", nameof(OutboundSettings.UseIPv4), "no")]
    [InlineData("inet_protocols = ipv6", nameof(OutboundSettings.UseIPv6), "yes")]
    [InlineData("inet_protocols = ipv4, ipv6", nameof(OutboundSettings.UseIPv6), "yes")]
    [InlineData("inet_protocols = all", nameof(OutboundSettings.UseIPv4), "yes")]
    [InlineData("", nameof(OutboundSettings.AddressPreference), "any")]
    [InlineData("smtp_address_preference = ipv6", nameof(OutboundSettings.AddressPreference), "ipv6")]
    [InlineData("smtp_address_preference = IPv4", nameof(OutboundSettings.AddressPreference), "ipv4")]
    [InlineData("", nameof(OutboundSettings.MxAddressLimit), "5")]
    [InlineData("smtp_mx_address_limit = 0", nameof(OutboundSettings.MxAddressLimit), "0")]
    [InlineData("smtp_mx_address_limit = 12", nameof(OutboundSettings.MxAddressLimit), "12")]
    [InlineData("", nameof(OutboundSettings.MxSessionLimit), "2")]
    [InlineData("smtp_mx_session_limit = 0", nameof(OutboundSettings.MxSessionLimit), "0")]
    [InlineData("", nameof(OutboundSettings.ConnectionCacheTimeLimit), "2s")]
    [InlineData("smtp_connection_cache_time_limit = 5s", nameof(OutboundSettings.ConnectionCacheTimeLimit), "5s")]
    [InlineData("smtp_connection_cache_on_demand = no", nameof(OutboundSettings.ConnectionCacheTimeLimit), "0s")]
    [InlineData("", nameof(OutboundSettings.ConnectionReuseTimeLimit), "300s")]
    [InlineData("smtp_connection_reuse_time_limit = 1m", nameof(OutboundSettings.ConnectionReuseTimeLimit), "60s")]
    [InlineData("", nameof(OutboundSettings.Skip5xxGreeting), "yes")]
    [InlineData("smtp_skip_5xx_greeting = no", nameof(OutboundSettings.Skip5xxGreeting), "no")]
    [InlineData("", nameof(OutboundSettings.DeferIfNoMxAddressFound), "no")]
    [InlineData("smtp_defer_if_no_mx_address_found = YES", nameof(OutboundSettings.DeferIfNoMxAddressFound), "yes")]
    [InlineData("", nameof(OutboundSettings.SaslMechanismFilter), "")]
    [InlineData("smtp_sasl_mechanism_filter = plain, login", nameof(OutboundSettings.SaslMechanismFilter), "PLAIN, LOGIN")]
    [InlineData("smtp_sasl_mechanism_filter = scram-sha-256 SCRAM-SHA-256 cram-md5", nameof(OutboundSettings.SaslMechanismFilter), "SCRAM-SHA-256, CRAM-MD5")]
    [InlineData("smtp_sasl_mechanism_filter = !gssapi, !login, static:all", nameof(OutboundSettings.SaslMechanismFilter), "!GSSAPI, !LOGIN, *")]
    [InlineData("", nameof(OutboundSettings.HeloTimeout), "300s")]
    [InlineData("", nameof(OutboundSettings.StartTlsTimeout), "300s")]
    [InlineData("", nameof(OutboundSettings.MailTimeout), "300s")]
    [InlineData("", nameof(OutboundSettings.RcptTimeout), "300s")]
    [InlineData("", nameof(OutboundSettings.DataInitTimeout), "120s")]
    [InlineData("", nameof(OutboundSettings.DataXferTimeout), "180s")]
    [InlineData("", nameof(OutboundSettings.DataDoneTimeout), "600s")]
    [InlineData("", nameof(OutboundSettings.QuitTimeout), "300s")]
    [InlineData("smtp_helo_timeout = 60s", nameof(OutboundSettings.HeloTimeout), "60s")]
    [InlineData("smtp_starttls_timeout = 2m", nameof(OutboundSettings.StartTlsTimeout), "120s")]
    [InlineData("smtp_mail_timeout = 45", nameof(OutboundSettings.MailTimeout), "45s")]
    [InlineData("smtp_rcpt_timeout = 1m", nameof(OutboundSettings.RcptTimeout), "60s")]
    [InlineData("smtp_data_init_timeout = 30s", nameof(OutboundSettings.DataInitTimeout), "30s")]
    [InlineData("smtp_data_xfer_timeout = 1h", nameof(OutboundSettings.DataXferTimeout), "3600s")]
    [InlineData("smtp_data_done_timeout = 20m", nameof(OutboundSettings.DataDoneTimeout), "1200s")]
    [InlineData("smtp_quit_timeout = 1s", nameof(OutboundSettings.QuitTimeout), "1s")]
    [InlineData("", nameof(OutboundSettings.DisableDnsLookups), "no")]
    [InlineData("disable_dns_lookups = yes", nameof(OutboundSettings.DisableDnsLookups), "yes")]
    [InlineData("smtp_dns_support_level = disabled", nameof(OutboundSettings.DisableDnsLookups), "yes")]
    [InlineData("smtp_dns_support_level = Disabled", nameof(OutboundSettings.DisableDnsLookups), "yes")]
    [InlineData("smtp_dns_support_level = enabled", nameof(OutboundSettings.DisableDnsLookups), "no")]
    [InlineData("smtp_dns_support_level = dnssec", nameof(OutboundSettings.DisableDnsLookups), "no")]
    [InlineData("smtp_dns_support_level =\ndisable_dns_lookups = yes", nameof(OutboundSettings.DisableDnsLookups), "yes")]
    [InlineData("smtp_dns_support_level = enabled\ndisable_dns_lookups = yes", nameof(OutboundSettings.DisableDnsLookups), "no")]
    [InlineData("smtp_dns_support_level = disabled\ndisable_dns_lookups = no", nameof(OutboundSettings.DisableDnsLookups), "yes")]
    public void Smtp_client_parameters_have_postfix_defaults_and_are_read(string text, string property, string expected)
    {
        var outbound = Conf.Settings(text).Outbound;
        Assert.Equal(expected, Show(typeof(OutboundSettings).GetProperty(property)!.GetValue(outbound)));
    }

    [Theory]
    [InlineData("smtp_dns_support_level = dnssec", "sekisho.conf:1: smtp_dns_support_level: \"dnssec\" is not supported yet: using enabled (no DNSSEC validation)")]
    public void Unsupported_smtp_client_values_warn(string text, string warning)
    {
        Assert.Contains(warning, Conf.Settings(text).Warnings);
    }

    [Theory]
    [InlineData("smtp_dns_support_level = enabled")]
    [InlineData("smtp_dns_support_level = disabled")]
    [InlineData("smtp_host_lookup = dns, native\nsmtp_address_preference = ipv4\nsmtp_sasl_mechanism_filter = plain")]
    public void Supported_smtp_client_values_do_not_warn(string text)
    {
        Assert.DoesNotContain(Conf.Settings(text).Warnings, w => w.Contains("smtp_", StringComparison.Ordinal));
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

    /// <summary>A setting as main.cf would write it: yes/no, seconds with <c>s</c>, lists joined with ", ".</summary>
    private static string Show(object? value) => value switch
    {
        bool flag => flag ? "yes" : "no",
        TimeSpan time => $"{time.TotalSeconds}s",
        string text => text,
        IEnumerable<string> items => string.Join(", ", items),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
