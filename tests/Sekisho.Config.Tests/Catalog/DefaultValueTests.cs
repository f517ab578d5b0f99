namespace Sekisho.Config.Tests.Catalog;

/// <summary>Every default an empty file yields, with myhostname pinned so the expected values are fixed.</summary>
public sealed class DefaultValueTests
{
    [Theory]
    [InlineData("myhostname", "mail.example.com")]
    [InlineData("mydomain", "example.com")]
    [InlineData("myorigin", "mail.example.com")]
    [InlineData("mydestination", "mail.example.com, localhost.example.com, localhost")]
    [InlineData("mynetworks", "127.0.0.0/8 [::1]/128")]
    [InlineData("inet_interfaces", "all")]
    [InlineData("inet_protocols", "all")]
    [InlineData("relay_domains", "mail.example.com, localhost.example.com, localhost")]
    [InlineData("data_directory", "/var/lib/sekisho")]
    [InlineData("queue_directory", "/var/lib/sekisho/queue")]
    [InlineData("maildir_base", "/var/lib/sekisho/mail")]
    [InlineData("account_database", "/var/lib/sekisho/accounts.db")]
    [InlineData("alias_maps", "hash:/etc/aliases")]
    [InlineData("alias_database", "hash:/etc/aliases")]
    [InlineData("message_size_limit", "10240000")]
    [InlineData("smtpd_recipient_limit", "1000")]
    [InlineData("smtpd_timeout", "300s")]
    [InlineData("smtpd_banner", "mail.example.com ESMTP Sekisho")]
    [InlineData("mail_name", "Sekisho")]
    [InlineData("smtpd_hard_error_limit", "20")]
    [InlineData("smtpd_soft_error_limit", "10")]
    [InlineData("default_process_limit", "100")]
    [InlineData("line_length_limit", "2048")]
    [InlineData("smtpd_tls_cert_file", "")]
    [InlineData("smtpd_tls_key_file", "")]
    [InlineData("smtpd_forbid_bare_newline", "normalize")]
    [InlineData("recipient_delimiter", "")]
    [InlineData("default_postmaster", "")]
    [InlineData("smtp_listen", "0.0.0.0:25 [::]:25")]
    [InlineData("submission_listen", "0.0.0.0:587 [::]:587")]
    [InlineData("pop3_listen", "0.0.0.0:110 [::]:110")]
    [InlineData("smtps_listen", "")]
    [InlineData("pop3s_listen", "")]
    [InlineData("smtpd_client_restrictions", "")]
    [InlineData("smtpd_helo_restrictions", "")]
    [InlineData("smtpd_sender_restrictions", "")]
    [InlineData("smtpd_relay_restrictions", "permit_mynetworks, permit_sasl_authenticated, permit_pop_before_smtp, reject_unauth_destination")]
    [InlineData("smtpd_recipient_restrictions", "")]
    [InlineData("smtpd_delay_reject", "yes")]
    [InlineData("allow_mail_to_commands", "")]
    [InlineData("allow_mail_to_files", "")]
    [InlineData("default_privs", "nobody")]
    [InlineData("command_time_limit", "1000s")]
    [InlineData("smtpd_sasl_auth_enable", "yes")]
    [InlineData("smtpd_tls_auth_only", "yes")]
    [InlineData("smtpd_sasl_mechanisms", "PLAIN LOGIN SCRAM-SHA-256 SCRAM-SHA-1")]
    [InlineData("smtpd_sasl_tls_security_options", "noanonymous")]
    [InlineData("no_such_parameter", "")]
    public void Empty_file_yields_the_default(string name, string expected)
    {
        Assert.Equal(expected, Conf.Parse("myhostname = mail.example.com").Get(name));
    }

    [Theory]
    [InlineData("", "0.0.0.0:25 [::]:25")]
    [InlineData("inet_protocols = ipv4", "0.0.0.0:25")]
    [InlineData("inet_protocols = ipv6", "[::]:25")]
    [InlineData("inet_protocols = ipv4, ipv6", "0.0.0.0:25 [::]:25")]
    [InlineData("inet_interfaces = loopback-only", "127.0.0.1:25 [::1]:25")]
    [InlineData("inet_interfaces = localhost", "127.0.0.1:25 [::1]:25")]
    [InlineData("inet_interfaces = loopback-only\ninet_protocols = ipv4", "127.0.0.1:25")]
    [InlineData("inet_interfaces = 192.0.2.1, 2001:db8::1", "192.0.2.1:25 [2001:db8::1]:25")]
    [InlineData("inet_interfaces = 192.0.2.1 [2001:db8::1]", "192.0.2.1:25 [2001:db8::1]:25")]
    public void Listener_defaults_follow_inet_interfaces(string text, string expected)
    {
        Assert.Equal(expected, Conf.Parse(text).Get("smtp_listen"));
    }

    [Theory]
    [InlineData("myhostname = box.lan", "lan")]
    [InlineData("myhostname = mail.sub.example.com", "sub.example.com")]
    [InlineData("myhostname = single", "localdomain")]
    [InlineData("myhostname = mail.example.com\nmydomain = other.org", "other.org")]
    public void Mydomain_defaults_from_myhostname(string text, string expected)
    {
        Assert.Equal(expected, Conf.Parse(text).Get("mydomain"));
    }

    [Fact]
    public void Myhostname_defaults_to_the_machine_name_with_a_dot()
    {
        var expected = System.Net.Dns.GetHostName().TrimEnd('.');
        expected = expected.Contains('.') ? expected : expected + ".localdomain";
        var configuration = Conf.Parse();
        Assert.Equal(expected, configuration.Get("myhostname"));
        Assert.Equal(expected[(expected.IndexOf('.') + 1)..], configuration.Get("mydomain"));
        Assert.Equal(expected, ParameterCatalog.Find("myhostname")!.DefaultValue);
    }

    [Fact]
    public void Empty_file_validates_with_absolute_defaults()
    {
        var settings = Conf.Settings("myhostname = mail.example.com");
        Assert.Equal(Path.GetFullPath("/var/lib/sekisho/queue"), settings.QueueDirectory);
        Assert.Equal([Path.GetFullPath("/etc/aliases")], settings.AliasMaps);
        Assert.Equal(10240000, settings.MessageSizeLimit);
        Assert.Equal(TimeSpan.FromSeconds(300), settings.SmtpdTimeout);
        Assert.Equal(100, settings.ProcessLimit);
        Assert.Equal(2048, settings.LineLengthLimit);
        Assert.Equal(BareNewlineMode.Normalize, settings.ForbidBareNewline);
        Assert.Null(settings.TlsCertFile);
        Assert.Empty(settings.SmtpsListen);
        Assert.True(settings.DelayReject);
        Assert.Equal(["permit_mynetworks", "permit_sasl_authenticated", "permit_pop_before_smtp", "reject_unauth_destination"], settings.SmtpdRelayRestrictions);
        Assert.Empty(settings.Warnings);
    }
}
