using System.Net;

namespace Sekisho.Config.Tests.Settings;

/// <summary>A typical home-server Postfix main.cf must load as is, with warnings only.</summary>
public sealed class HomeServerConfigTests
{
    private static readonly string MainCf = Sekisho.TestData.ClassicSetups.HomeServer;

    private static SekishoSettings Load() => Conf.Settings(MainCf);

    [Fact]
    public void Loads_with_expected_identity()
    {
        var settings = Load();
        Assert.Equal("mail.example.com", settings.MyHostname);
        Assert.Equal("example.com", settings.MyDomain);
        Assert.Equal("example.com", settings.MyOrigin);
        Assert.Equal("Sekisho", settings.MailName);
        Assert.Equal("mail.example.com ESMTP Sekisho", settings.SmtpdBanner);
        Assert.Equal(["mail.example.com", "localhost.example.com", "example.com"], settings.MyDestination);
        Assert.Equal(settings.MyDestination, settings.RelayDomains);
        Assert.Equal(["permit_mynetworks", "permit_sasl_authenticated", "reject_unauth_destination"], settings.SmtpdRecipientRestrictions);
    }

    [Theory]
    [InlineData("192.168.1.5", true)]
    [InlineData("192.168.0.1", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("::ffff:192.168.1.1", true)]
    [InlineData("192.168.2.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("::1", false)]
    public void My_networks_match(string address, bool trusted)
    {
        Assert.Equal(trusted, Load().MyNetworks.Contains(IPAddress.Parse(address)));
    }

    [Fact]
    public void Warns_about_parameters_sekisho_does_not_use_and_where_relaying_is_decided()
    {
        Assert.Equal(
            [
                "sekisho.conf:9: smtpd_recipient_restrictions: smtpd_relay_restrictions is not set: relaying is decided by "
                    + "smtpd_recipient_restrictions alone, as in Postfix before 2.10",
            ],
            Load().Warnings);
    }

    [Fact]
    public void Debian_style_main_cf_loads_too()
    {
        using var temp = new TempDirectory();
        var mailname = temp.Write("mailname", "example.net\n");
        var settings = SekishoSettings.FromConfiguration(Configuration.FromText($$"""
            smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)
            biff = no
            append_dot_mydomain = no
            readme_directory = no
            compatibility_level = 3.6
            smtpd_tls_security_level=may
            smtp_tls_CApath=/etc/ssl/certs
            smtp_tls_security_level=may
            smtp_tls_session_cache_database = btree:${data_directory}/smtp_scache
            smtpd_relay_restrictions = permit_mynetworks permit_sasl_authenticated defer_unauth_destination
            myhostname = box.example.net
            alias_maps = hash:/etc/aliases
            alias_database = hash:/etc/aliases
            myorigin = {{mailname}}
            mydestination = $myhostname, box, localhost.localdomain, , localhost
            relayhost =
            mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128
            mailbox_size_limit = 0
            recipient_delimiter = +
            inet_interfaces = all
            inet_protocols = all
            """, "main.cf", temp.Path));
        Assert.Equal("box.example.net ESMTP Sekisho (Debian/GNU)", settings.SmtpdBanner);
        Assert.Equal(["box.example.net", "box", "localhost.localdomain", "localhost"], settings.MyDestination);
        Assert.Equal("+", settings.RecipientDelimiter);
        Assert.Equal("example.net", settings.MyOrigin);
        Assert.True(settings.MyNetworks.Contains(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.All(settings.Warnings, w => Assert.Contains("not used by Sekisho yet", w));
    }
}
