namespace Sekisho.Config.Tests;

/// <summary>The built-in configuration used when there is no file: loopback only, data under the working directory.</summary>
public sealed class EmbeddedDefaultTests
{
    private static readonly string WorkingDirectory = Path.Combine(Path.GetTempPath(), "sekisho-embedded");

    [Theory]
    [InlineData("data_directory", "sekisho-data")]
    [InlineData("mydestination", "$myhostname, localhost")]
    [InlineData("mynetworks", "127.0.0.0/8 [::1]/128")]
    [InlineData("inet_interfaces", "loopback-only")]
    [InlineData("smtp_listen", "127.0.0.1:2525")]
    [InlineData("submission_listen", "127.0.0.1:2587")]
    [InlineData("pop3_listen", "127.0.0.1:2110")]
    [InlineData("alias_maps", "hash:$data_directory/aliases")]
    [InlineData("alias_database", "$alias_maps")]
    public void Embedded_text_sets(string name, string raw)
    {
        var configuration = Configuration.Embedded(WorkingDirectory);
        Assert.Equal(raw, configuration.GetRaw(name));
        Assert.True(configuration.IsSetInFile(name));
    }

    [Fact]
    public void Embedded_default_validates_to_a_local_sandbox()
    {
        var configuration = Configuration.Embedded(WorkingDirectory);
        var settings = SekishoSettings.FromConfiguration(configuration);
        var data = Path.Combine(WorkingDirectory, "sekisho-data");
        Assert.True(configuration.IsEmbedded);
        Assert.Equal(data, settings.DataDirectory);
        Assert.Equal(Path.Combine(data, "queue"), settings.QueueDirectory);
        Assert.Equal(Path.Combine(data, "mail"), settings.MaildirBase);
        Assert.Equal(Path.Combine(data, "accounts.db"), settings.AccountDatabase);
        Assert.Equal([Path.Combine(data, "aliases")], settings.AliasMaps);
        Assert.Equal([Path.Combine(data, "aliases")], settings.AliasDatabase);
        Assert.Equal(["127.0.0.1:2525"], settings.SmtpListen.Select(e => e.ToString()));
        Assert.Equal(["127.0.0.1:2587"], settings.SubmissionListen.Select(e => e.ToString()));
        Assert.Equal(["127.0.0.1:2110"], settings.Pop3Listen.Select(e => e.ToString()));
        Assert.Empty(settings.SmtpsListen);
        Assert.Empty(settings.Pop3sListen);
        Assert.Equal([settings.MyHostname.ToLowerInvariant(), "localhost"], settings.MyDestination);
        Assert.True(settings.MyNetworks.Contains(System.Net.IPAddress.Loopback));
        Assert.True(settings.MyNetworks.Contains(System.Net.IPAddress.IPv6Loopback));
        Assert.False(settings.MyNetworks.Contains(System.Net.IPAddress.Parse("192.168.1.1")));
        Assert.Empty(configuration.Warnings);
    }
}
