namespace Sekisho.Config.Tests.Catalog;

/// <summary>The parameter catalogue and the warnings for parameters Sekisho does not use.</summary>
public sealed class ParameterCatalogTests
{
    [Theory]
    [InlineData("mynetworks", true)]
    [InlineData("smtp_listen", true)]
    [InlineData("default_postmaster", true)]
    [InlineData("allow_mail_to_commands", true)]
    [InlineData("allow_mail_to_files", true)]
    [InlineData("default_privs", true)]
    [InlineData("command_time_limit", true)]
    [InlineData("smtpd_sasl_auth_enable", true)]
    [InlineData("broken_sasl_auth_clients", true)]
    [InlineData("smtpd_sasl_type", false)]
    [InlineData("relayhost", true)]
    [InlineData("smtp_host_lookup", true)]
    [InlineData("smtp_dns_support_level", true)]
    [InlineData("smtp_sasl_mechanism_filter", true)]
    [InlineData("smtp_data_done_timeout", true)]
    [InlineData("smtp_tls_CApath", false)]
    [InlineData("smtpd_helo_required", false)]
    [InlineData("compatibility_level", false)]
    public void Knows_used_and_not_yet_used_parameters(string name, bool used)
    {
        var definition = ParameterCatalog.Find(name);
        Assert.NotNull(definition);
        Assert.Equal(used, definition.UsedBySekisho);
        Assert.False(string.IsNullOrWhiteSpace(definition.Description));
    }

    [Theory]
    [InlineData("foo_bar")]
    [InlineData("MYNETWORKS")]
    public void Unknown_names_are_not_found(string name)
    {
        Assert.Null(ParameterCatalog.Find(name));
    }

    [Fact]
    public void Catalogue_is_sorted_and_unique()
    {
        var names = ParameterCatalog.All.Select(p => p.Name).ToArray();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Fact]
    public void Defaults_load_without_warnings()
    {
        Assert.Empty(Conf.Parse().Warnings);
    }

    [Theory]
    [InlineData("smtpd_sasl_type = dovecot", "sekisho.conf:1: parameter smtpd_sasl_type is not used by Sekisho yet")]
    [InlineData("# x\nsmtp_tls_CApath = /etc/ssl/certs", "sekisho.conf:2: parameter smtp_tls_CApath is not used by Sekisho yet")]
    [InlineData("foo_bar = 1", "sekisho.conf:1: unknown parameter foo_bar")]
    [InlineData("foo_bar = 1\nfoo_bar = 2", "sekisho.conf:2: unknown parameter foo_bar")]
    public void Setting_unused_or_unknown_parameters_warns(string text, string warning)
    {
        var configuration = Conf.Parse(text);
        Assert.Equal([warning], configuration.Warnings);
    }

    [Fact]
    public void Parameter_names_include_file_names_sorted()
    {
        var names = Conf.Parse("zz_custom = 1", "aa_custom = 2").ParameterNames.ToArray();
        Assert.Contains("zz_custom", names);
        Assert.Contains("aa_custom", names);
        Assert.Contains("mynetworks", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(ParameterCatalog.All.Count + 2, names.Length);
    }
}
