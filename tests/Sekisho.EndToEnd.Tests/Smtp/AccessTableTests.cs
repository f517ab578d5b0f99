using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary>
/// The classic setups brought as they are: a Sendmail <c>/etc/mail/access</c> and an XMail <c>smtprelay.tab</c>
/// grant relaying to the clients they list, through the wire; everyone else still gets 554.
/// </summary>
public sealed class AccessTableTests : IDisposable
{
    private readonly string _tables = Path.Combine(Path.GetTempPath(), "sekisho-tables-" + Guid.NewGuid().ToString("N")[..10]);

    public AccessTableTests()
    {
        Directory.CreateDirectory(_tables);
        File.WriteAllText(Path.Combine(_tables, "access"), """
            # /etc/mail/access as in the Sendmail how-to
            Connect:localhost.localdomain   RELAY
            Connect:localhost               RELAY
            Connect:127.0.0.3               RELAY
            Connect:127.0.0.4               REJECT
            """);
        File.WriteAllText(Path.Combine(_tables, "smtprelay.tab"), "\"127.0.0.5\"\t\"255.255.255.255\"\n\"192.168.0.0\"\t\"255.255.0.0\"\n");
    }

    public void Dispose() => Directory.Delete(_tables, recursive: true);

    private async Task<string> RcptFromAsync(TestServer server, string client, string recipient)
    {
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, client);
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<someone@elsewhere.example>"));
        var reply = await smtp.CommandAsync($"RCPT TO:<{recipient}>");
        Assert.Equal("250 2.0.0 Ok", await smtp.CommandAsync("RSET"));
        return reply;
    }

    [Theory]
    [InlineData("127.0.0.3", "250 2.1.5 Ok")]
    [InlineData("127.0.0.2", "554 5.7.1 <friend@outside.example>: Relay access denied")]
    public async Task A_sendmail_access_file_grants_relaying_to_connect_relay_entries(string client, string expected)
    {
        await using var server = await TestServer.StartAsync(
            $"smtpd_relay_restrictions = permit_mynetworks, check_client_access sendmail:{_tables}/access, reject_unauth_destination");
        Assert.Equal(expected, await RcptFromAsync(server, client, "friend@outside.example"));
        server.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task A_sendmail_reject_entry_refuses_the_client_and_the_log_names_the_line()
    {
        await using var server = await TestServer.StartAsync($"smtpd_client_restrictions = check_client_access sendmail:{_tables}/access");
        Assert.Equal("554 5.7.1 <unknown[127.0.0.4]>: Client host rejected: Access denied", await RcptFromAsync(server, "127.0.0.4", "alice@example.test"));
        Assert.Contains(server.LogLines, line => line.Contains("Client host rejected: Access denied (smtpd_client_restrictions: check_client_access sendmail:")
            && line.Contains("/access:5 Connect:127.0.0.4 REJECT)"));
        server.AssertNothingQueuedOrDelivered();
    }

    [Theory]
    [InlineData("127.0.0.5", "250 2.1.5 Ok")]
    [InlineData("127.0.0.2", "554 5.7.1 <friend@outside.example>: Relay access denied")]
    public async Task An_xmail_smtprelay_tab_grants_relaying_to_its_networks(string client, string expected)
    {
        await using var server = await TestServer.StartAsync(
            $"smtpd_relay_restrictions = permit_mynetworks, check_client_access xmail:{_tables}/smtprelay.tab, reject_unauth_destination");
        Assert.Equal(expected, await RcptFromAsync(server, client, "friend@outside.example"));
        server.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task A_sendmail_ok_accepts_but_does_not_relay()
    {
        await File.AppendAllTextAsync(Path.Combine(_tables, "access"), "\nConnect:127.0.0.6 OK\n");
        await using var server = await TestServer.StartAsync(
            $"smtpd_relay_restrictions = permit_mynetworks, check_client_access sendmail:{_tables}/access, reject_unauth_destination");
        Assert.Equal("554 5.7.1 <friend@outside.example>: Relay access denied", await RcptFromAsync(server, "127.0.0.6", "friend@outside.example"));
        Assert.Equal("250 2.1.5 Ok", await RcptFromAsync(server, "127.0.0.6", "alice@example.test"));
        server.AssertNothingQueuedOrDelivered();
    }
}
