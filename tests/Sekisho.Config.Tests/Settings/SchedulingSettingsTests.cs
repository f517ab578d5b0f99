namespace Sekisho.Config.Tests.Settings;

/// <summary>The queue manager's scheduling parameters and ETRN's.</summary>
public sealed class SchedulingSettingsTests
{
    [Fact]
    public void Defaults_are_postfixs()
    {
        var settings = Conf.Settings("relay_domains = relay.example");
        Assert.Equal(20, settings.DefaultDestinationConcurrencyLimit);
        Assert.Empty(settings.DeferTransports);
        Assert.Equal(TimeSpan.Zero, settings.DelayWarningTime);
        Assert.Empty(settings.SmtpdEtrnRestrictions);
        Assert.Equal(["relay.example"], settings.FastFlushDomains);
    }

    [Theory]
    [InlineData("delay_warning_time = 4", 4 * 3600)]
    [InlineData("delay_warning_time = 4h", 4 * 3600)]
    [InlineData("delay_warning_time = 30s", 30)]
    [InlineData("delay_warning_time = 0h", 0)]
    public void Delay_warning_time_reads_a_bare_number_as_hours_as_postfix_does(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Conf.Settings(text).DelayWarningTime);
    }

    [Theory]
    [InlineData("defer_transports = smtp", new[] { "smtp" })]
    [InlineData("defer_transports = smtp, local", new[] { "smtp", "local" })]
    [InlineData("defer_transports =", new string[0])]
    public void Defer_transports_is_a_list(string text, string[] expected)
    {
        Assert.Equal(expected, Conf.Settings(text).DeferTransports);
    }

    [Theory]
    [InlineData("default_destination_concurrency_limit = 0")]
    [InlineData("default_destination_concurrency_limit = many")]
    [InlineData("smtpd_etrn_restrictions = permit_mynetworks, no_such_restriction")]
    public void Bad_values_are_refused(string text)
    {
        Assert.Throws<ConfigException>(() => Conf.Settings(text));
    }

    [Fact]
    public void Etrn_restrictions_and_fast_flush_domains_are_read()
    {
        var settings = Conf.Settings("smtpd_etrn_restrictions = permit_mynetworks, reject\nfast_flush_domains = a.example, .b.example");
        Assert.Equal(["permit_mynetworks", "reject"], settings.SmtpdEtrnRestrictions);
        Assert.Equal(["a.example", ".b.example"], settings.FastFlushDomains);
    }
}
