namespace Sekisho.Config.Tests.Settings;

/// <summary>Typed values: sizes, times with units, limits, TLS files, bare-newline mode, aliases, domains.</summary>
public sealed class ValueTests
{
    [Theory]
    [InlineData("300s", 300)]
    [InlineData("300", 300)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86400)]
    [InlineData("1w", 604800)]
    [InlineData("2H", 7200)]
    [InlineData("1s", 1)]
    public void Times_accept_postfix_units(string value, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Conf.Settings($"smtpd_timeout = {value}").SmtpdTimeout);
    }

    [Theory]
    [InlineData("message_size_limit = 0", 0L)]
    [InlineData("message_size_limit = 52428800", 52428800L)]
    [InlineData("message_size_limit = 10000000000", 10000000000L)]
    public void Sizes(string text, long expected)
    {
        Assert.Equal(expected, Conf.Settings(text).MessageSizeLimit);
    }

    [Fact]
    public void Limits_are_read()
    {
        var settings = Conf.Settings(
            "smtpd_recipient_limit = 0", "smtpd_hard_error_limit = 7", "smtpd_soft_error_limit = 3",
            "default_process_limit = 5", "line_length_limit = 998", "smtpd_banner = $myhostname hi",
            "myhostname = a.b", "mail_name = X", "default_postmaster = admin", "recipient_delimiter = +-");
        Assert.Equal((0, 7, 3, 5, 998), (settings.SmtpdRecipientLimit, settings.SmtpdHardErrorLimit,
            settings.SmtpdSoftErrorLimit, settings.ProcessLimit, settings.LineLengthLimit));
        Assert.Equal(("a.b hi", "X", "admin", "+-"), (settings.SmtpdBanner, settings.MailName, settings.DefaultPostmaster, settings.RecipientDelimiter));
    }

    [Theory]
    [InlineData("normalize", BareNewlineMode.Normalize, false)]
    [InlineData("yes", BareNewlineMode.Normalize, false)]
    [InlineData("Reject", BareNewlineMode.Reject, false)]
    [InlineData("reject", BareNewlineMode.Reject, false)]
    [InlineData("no", BareNewlineMode.Normalize, true)]
    public void Bare_newline_modes(string value, BareNewlineMode mode, bool warns)
    {
        var settings = Conf.Settings($"smtpd_forbid_bare_newline = {value}");
        Assert.Equal(mode, settings.ForbidBareNewline);
        Assert.Equal(warns ? ["sekisho.conf:1: smtpd_forbid_bare_newline: \"no\" is treated as normalize: Sekisho never accepts a bare newline as a line ending"] : [],
            settings.Warnings);
    }

    [Theory]
    [InlineData("hash:/etc/aliases", new[] { "/etc/aliases" })]
    [InlineData("texthash:aliases", new[] { "BASE/aliases" })]
    [InlineData("lmdb:/a, btree:/b dbm:/c /d cdb:/e", new[] { "/a", "/b", "/c", "/d", "/e" })]
    [InlineData("proxy:hash:/etc/aliases", new[] { "/etc/aliases" })]
    [InlineData("hash:/etc/aliases, nis:mail.aliases", new[] { "/etc/aliases" })]
    [InlineData("hash:/etc/aliases hash:/etc/aliases", new[] { "/etc/aliases" })]
    [InlineData("", new string[0])]
    public void Alias_maps_are_source_paths(string value, string[] expected)
    {
        var settings = Conf.Settings($"alias_maps = {value}");
        var resolved = expected.Select(p => Path.GetFullPath(p.Replace("BASE", Conf.BaseDirectory, StringComparison.Ordinal)));
        Assert.Equal(resolved, settings.AliasMaps);
        Assert.Equal([Path.GetFullPath("/etc/aliases")], settings.AliasDatabase);
    }

    [Fact]
    public void Unsupported_alias_table_types_warn_and_are_skipped()
    {
        var settings = Conf.Settings("alias_database = ldap:/etc/ldap-aliases.cf, hash:/etc/aliases");
        Assert.Equal([Path.GetFullPath("/etc/aliases")], settings.AliasDatabase);
        Assert.Equal(["sekisho.conf:1: alias_database: skipping \"ldap:/etc/ldap-aliases.cf\": table type ldap is not supported"], settings.Warnings);
    }

    [Theory]
    [InlineData("mydestination = Example.COM., localhost", new[] { "example.com", "localhost" })]
    [InlineData("mydestination = a.example, A.example.", new[] { "a.example" })]
    [InlineData("mydestination =", new string[0])]
    [InlineData("mydestination = 例え.JP, Bücher.example", new[] { "xn--r8jz45g.jp", "xn--bcher-kva.example" })]
    [InlineData("mydestination = .Sub.Example.com, !Bad.example.com", new[] { ".sub.example.com", "!bad.example.com" })]
    [InlineData("relay_domains = hash:/etc/postfix/relay_domains, inline:{ a.example=OK, b.example=OK }", new[] { "hash:/etc/postfix/relay_domains", "inline:{ a.example=OK, b.example=OK }" })]
    public void Domains_are_lower_cased_without_trailing_dots(string text, string[] expected)
    {
        var settings = Conf.Settings(text);
        Assert.Equal(expected, text.StartsWith("relay_domains", StringComparison.Ordinal) ? settings.RelayDomains : settings.MyDestination);
    }

    [Fact]
    public void A_file_in_a_domain_list_is_read_in_place_with_comments()
    {
        using var temp = new TempDirectory();
        temp.Write("relay_domains", "# partners\npartner.example, Other.example  # second\n\n!no.example\n");
        var settings = SekishoSettings.FromConfiguration(Configuration.FromText("relay_domains = first.example, ./relay_domains, last.example", "sekisho.conf", temp.Path));
        Assert.Equal(["first.example", "partner.example", "other.example", "!no.example", "last.example"], settings.RelayDomains);
    }

    [Theory]
    [InlineData("", false, false, true, new string[0])]
    [InlineData("allow_percent_hack = yes\nswap_bangpath = yes\nparent_domain_matches_subdomains = mynetworks", true, true, false, new string[0])]
    [InlineData("smtpd_data_restrictions = reject_unauth_pipelining, permit", false, false, true, new[] { "reject_unauth_pipelining", "permit" })]
    public void Routing_options_and_data_restrictions(string text, bool percent, bool bang, bool relaySubdomains, string[] data)
    {
        var settings = Conf.Settings(text);
        Assert.Equal(percent, settings.AllowPercentHack);
        Assert.Equal(bang, settings.SwapBangpath);
        Assert.Equal(relaySubdomains, settings.RelayDomainsMatchSubdomains);
        Assert.Equal(data, settings.SmtpdDataRestrictions);
    }

    [Fact]
    public void Tls_files_must_exist_and_come_in_pairs()
    {
        using var temp = new TempDirectory();
        temp.Write("cert.pem", "x");
        temp.Write("key.pem", "y");
        Configuration Parse(string text) => Configuration.FromText(text, "sekisho.conf", temp.Path);

        var settings = SekishoSettings.FromConfiguration(Parse("smtpd_tls_cert_file = cert.pem\nsmtpd_tls_key_file = key.pem"));
        Assert.Equal(Path.Combine(temp.Path, "cert.pem"), settings.TlsCertFile);
        Assert.Equal(Path.Combine(temp.Path, "key.pem"), settings.TlsKeyFile);

        var onlyCert = Assert.Throws<ConfigException>(() => SekishoSettings.FromConfiguration(Parse("smtpd_tls_cert_file = cert.pem")));
        Assert.Equal("sekisho.conf:1: smtpd_tls_cert_file: smtpd_tls_key_file must be set too", onlyCert.Message);
        var onlyKey = Assert.Throws<ConfigException>(() => SekishoSettings.FromConfiguration(Parse("\nsmtpd_tls_key_file = key.pem")));
        Assert.Equal("sekisho.conf:2: smtpd_tls_key_file: smtpd_tls_cert_file must be set too", onlyKey.Message);
        var missing = Assert.Throws<ConfigException>(() => SekishoSettings.FromConfiguration(Parse("smtpd_tls_cert_file = cert.pem\nsmtpd_tls_key_file = nokey.pem")));
        Assert.Equal($"sekisho.conf:2: smtpd_tls_key_file: missing file \"{Path.Combine(temp.Path, "nokey.pem")}\"", missing.Message);
    }

    [Fact]
    public void Host_bits_in_networks_warn_and_are_cleared()
    {
        var settings = Conf.Settings("mynetworks = 192.168.1.1/23");
        Assert.Equal("192.168.0.0/23", settings.MyNetworks.ToString());
        Assert.Equal(["sekisho.conf:1: mynetworks: \"192.168.1.1/23\" has host bits set, using 192.168.0.0/23"], settings.Warnings);
    }
}
