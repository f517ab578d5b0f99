using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Auth;

/// <summary>
/// On submission an authenticated user may send only as an address it owns (<c>reject_sender_login_mismatch</c>,
/// on by default there), and per-listener overrides change that like master.cf <c>-o</c> does.
/// </summary>
public sealed class SenderLoginTests
{
    private static string Plain(string user) => "AUTH PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0secret"));

    private static async Task<RawSmtpClient> SubmissionAsync(TestServer server)
    {
        var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SubmissionPort, AuthConfig.Outside);
        Assert.Equal("235 2.7.0 Authentication successful", await smtp.CommandAsync(Plain("alice")));
        return smtp;
    }

    [Theory]
    [InlineData("alice@example.test", "250 2.1.5 Ok")]
    [InlineData("alice@localhost", "250 2.1.5 Ok")]
    [InlineData("bob@example.test", "553 5.7.1 <bob@example.test>: Sender address rejected: not owned by user alice")]
    [InlineData("alice@elsewhere.example", "553 5.7.1 <alice@elsewhere.example>: Sender address rejected: not owned by user alice")]
    public async Task An_authenticated_user_sends_only_as_itself_on_submission(string sender, string expected)
    {
        await using var server = await TestServer.StartAsync("smtpd_tls_auth_only = no\nsmtpd_auth_failure_delay = 0");
        await using var smtp = await SubmissionAsync(server);
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync($"MAIL FROM:<{sender}>"));
        Assert.Equal(expected, await smtp.CommandAsync("RCPT TO:<friend@outside.example>"));
    }

    [Fact]
    public async Task Sender_login_maps_name_the_owners()
    {
        var maps = Path.Combine(Path.GetTempPath(), "sekisho-login-maps-" + Guid.NewGuid().ToString("N")[..8]);
        await File.WriteAllTextAsync(maps, "info@example.test  alice, bob\n");
        try
        {
            await using var server = await TestServer.StartAsync($"smtpd_tls_auth_only = no\nsmtpd_auth_failure_delay = 0\nsmtpd_sender_login_maps = hash:{maps}");
            await using var smtp = await SubmissionAsync(server);
            Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<info@example.test>"));
            Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<friend@outside.example>"));
            Assert.Equal("250 2.0.0 Ok", await smtp.CommandAsync("RSET"));
            Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<alice@example.test>"));
            Assert.Equal("553 5.7.1 <alice@example.test>: Sender address rejected: not owned by user alice", await smtp.CommandAsync("RCPT TO:<friend@outside.example>"));
        }
        finally
        {
            File.Delete(maps);
        }
    }

    [Fact]
    public async Task A_per_listener_override_changes_only_that_listener()
    {
        await using var server = await TestServer.StartAsync("smtpd_tls_auth_only = no\nsmtpd_auth_failure_delay = 0\nsubmission/inet/smtpd_sender_restrictions =");
        await using (var smtp = await SubmissionAsync(server))
        {
            Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<bob@example.test>"));
            Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<friend@outside.example>"));
        }
        await using (var mx = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, AuthConfig.Outside))
        {
            Assert.Equal("250 2.1.0 Ok", await mx.CommandAsync("MAIL FROM:<someone@elsewhere.example>"));
        }
    }

    [Fact]
    public async Task Submission_refuses_mail_before_auth_and_relays_nothing()
    {
        await using var server = await TestServer.StartAsync("smtpd_tls_auth_only = no");
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SubmissionPort, AuthConfig.Outside);
        Assert.Equal("530 5.7.0 Authentication required", await smtp.CommandAsync("MAIL FROM:<alice@example.test>"));
        Assert.Equal("503 5.5.1 Error: need MAIL command", await smtp.CommandAsync("RCPT TO:<friend@outside.example>"));
        server.AssertNothingQueuedOrDelivered();
    }
}
