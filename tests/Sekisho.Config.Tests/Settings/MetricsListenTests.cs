namespace Sekisho.Config.Tests.Settings;

/// <summary><c>metrics_listen</c>: off by default, <c>host:port</c> and <c>[v6]:port</c> entries, and the listener rules.</summary>
public sealed class MetricsListenTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("metrics_listen =", "")]
    [InlineData("metrics_listen = 127.0.0.1:9250", "127.0.0.1:9250")]
    [InlineData("metrics_listen = [::1]:9250", "[::1]:9250")]
    [InlineData("metrics_listen = 127.0.0.1:9250, [::1]:9250", "127.0.0.1:9250 [::1]:9250")]
    [InlineData("metrics_listen = localhost:9250", "127.0.0.1:9250 [::1]:9250")]
    [InlineData("metrics_listen = 9250\ninet_protocols = ipv4", "0.0.0.0:9250")]
    public void Metrics_listen(string text, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Conf.Settings(text).MetricsListen));
    }

    [Theory]
    [InlineData("metrics_listen = 127.0.0.1", "sekisho.conf:1: metrics_listen: missing port in \"127.0.0.1\"")]
    [InlineData("metrics_listen = ::1:9250", "sekisho.conf:1: metrics_listen: bad listen address \"::1:9250\" (write IPv6 addresses as [address]:port)")]
    [InlineData("metrics_listen = metrics.example:9250", "sekisho.conf:1: metrics_listen: \"metrics.example\" in \"metrics.example:9250\" is not an IP address (host names are not supported)")]
    [InlineData("smtp_listen = 127.0.0.1:9250\nmetrics_listen = 127.0.0.1:9250", "sekisho.conf:2: metrics_listen: 127.0.0.1:9250 is already used by smtp_listen")]
    public void Bad_entries_are_errors(string text, string message)
    {
        Assert.Equal(message, Conf.ErrorOf(text));
    }

    [Fact]
    public void It_is_a_used_sekisho_parameter_with_an_empty_default()
    {
        var definition = ParameterCatalog.Find("metrics_listen");
        Assert.NotNull(definition);
        Assert.True(definition.UsedBySekisho);
        Assert.Equal("", definition.DefaultValue);
        Assert.StartsWith("Sekisho: ", definition.Description);
    }
}
