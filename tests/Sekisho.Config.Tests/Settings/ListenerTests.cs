namespace Sekisho.Config.Tests.Settings;

/// <summary>Listener parameters: explicit addresses, wildcards, and defaults from inet_interfaces.</summary>
public sealed class ListenerTests
{
    [Theory]
    [InlineData("smtp_listen = 127.0.0.1:25", "127.0.0.1:25")]
    [InlineData("smtp_listen = [::1]:25", "[::1]:25")]
    [InlineData("smtp_listen = 0.0.0.0:2525", "0.0.0.0:2525")]
    [InlineData("smtp_listen = *:25", "0.0.0.0:25 [::]:25")]
    [InlineData("smtp_listen = *:25\ninet_protocols = ipv4", "0.0.0.0:25")]
    [InlineData("smtp_listen = 25", "0.0.0.0:25 [::]:25")]
    [InlineData("smtp_listen = localhost:25", "127.0.0.1:25 [::1]:25")]
    [InlineData("smtp_listen = 127.0.0.1:25, 192.0.2.7:25 [2001:db8::7]:25", "127.0.0.1:25 192.0.2.7:25 [2001:db8::7]:25")]
    [InlineData("smtp_listen = 127.0.0.1:25 127.0.0.1:25", "127.0.0.1:25")]
    [InlineData("smtp_listen = 127.0.0.1:65535", "127.0.0.1:65535")]
    [InlineData("smtp_listen = 127.0.0.1:1", "127.0.0.1:1")]
    [InlineData("smtp_listen =", "")]
    [InlineData("", "0.0.0.0:25 [::]:25")]
    [InlineData("inet_interfaces = loopback-only", "127.0.0.1:25 [::1]:25")]
    [InlineData("inet_interfaces = 192.0.2.1", "192.0.2.1:25")]
    [InlineData("inet_interfaces = all\ninet_protocols = ipv4", "0.0.0.0:25")]
    public void Smtp_listen(string text, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Conf.Settings(text).SmtpListen));
    }

    [Theory]
    [InlineData("", "0.0.0.0:587 [::]:587", "0.0.0.0:110 [::]:110", "", "")]
    [InlineData("inet_interfaces = loopback-only", "127.0.0.1:587 [::1]:587", "127.0.0.1:110 [::1]:110", "", "")]
    [InlineData("smtps_listen = 127.0.0.1:465\npop3s_listen = 127.0.0.1:995", "0.0.0.0:587 [::]:587", "0.0.0.0:110 [::]:110", "127.0.0.1:465", "127.0.0.1:995")]
    [InlineData("submission_listen =\npop3_listen =", "", "", "", "")]
    public void Other_listeners(string text, string submission, string pop3, string smtps, string pop3s)
    {
        var settings = Conf.Settings(text);
        Assert.Equal(submission, string.Join(' ', settings.SubmissionListen));
        Assert.Equal(pop3, string.Join(' ', settings.Pop3Listen));
        Assert.Equal(smtps, string.Join(' ', settings.SmtpsListen));
        Assert.Equal(pop3s, string.Join(' ', settings.Pop3sListen));
    }

    [Theory]
    [InlineData("127.0.0.1", 25, "127.0.0.1:25")]
    [InlineData("::1", 25, "[::1]:25")]
    [InlineData("::", 587, "[::]:587")]
    public void Endpoint_text(string address, int port, string expected)
    {
        var endpoint = new ListenEndpoint(System.Net.IPAddress.Parse(address), port);
        Assert.Equal(expected, endpoint.ToString());
        Assert.Equal(port, endpoint.ToIPEndPoint().Port);
    }
}
