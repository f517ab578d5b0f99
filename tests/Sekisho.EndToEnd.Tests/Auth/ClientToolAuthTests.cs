using System.Text;
using Sekisho.EndToEnd.Tests.Clients;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Auth;

/// <summary>Python's smtplib and swaks log in (each with its own SASL code) from an outside address and relay.</summary>
public sealed class ClientToolAuthTests
{
    private static readonly byte[] Message = Encoding.ASCII.GetBytes("From: alice@example.test\r\nTo: friend@outside.example\r\nSubject: auth\r\n\r\nhello\r\n");

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    [InlineData("CRAM-MD5")]
    public async Task Smtplib_logs_in_and_relays(string mechanism)
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls);
        var outcome = await PythonSmtplib.SendAsync(server.SmtpPort, Message, "alice@example.test", ["friend@outside.example"],
            sourceAddress: AuthConfig.Outside, login: (mechanism, "alice", "secret"));
        Assert.True(outcome.Result == "sent", outcome.Raw);
        Assert.Contains(server.LogLines, line => line.Contains($"sasl_method={mechanism}, sasl_username=alice"));
    }

    [Fact]
    public async Task Smtplib_over_starttls_on_submission()
    {
        await using var server = await TestServer.StartAsync("smtpd_auth_failure_delay = 0");
        var outcome = await PythonSmtplib.SendAsync(server.SubmissionPort, Message, "alice@example.test", ["friend@outside.example"],
            sourceAddress: AuthConfig.Outside, startTls: true, login: ("PLAIN", "alice", "secret"));
        Assert.True(outcome.Result == "sent", outcome.Raw);
        Assert.Contains(server.LogLines, line => line.Contains("sasl_username=alice") && line.Contains("proto=ESMTPSA"));
    }

    [Fact]
    public async Task Smtplib_with_a_wrong_password_gets_535()
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls);
        var outcome = await PythonSmtplib.SendAsync(server.SmtpPort, Message, "alice@example.test", ["friend@outside.example"],
            sourceAddress: AuthConfig.Outside, login: ("PLAIN", "alice", "wrong"));
        Assert.Equal("SMTPAuthenticationError", outcome.Result);
        Assert.Contains("535", outcome.Raw);
        server.AssertNothingQueuedOrDelivered();
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    [InlineData("CRAM-MD5")]
    public async Task Swaks_authenticates_and_relays(string mechanism)
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls);
        var (exit, transcript) = await Swaks.RunAsync(server.SmtpPort, "--local-interface", AuthConfig.Outside, "--from", "alice@example.test",
            "--to", "friend@outside.example", "--auth", mechanism, "--auth-user", "alice", "--auth-password", "secret");
        Assert.True(exit == 0, transcript);
        Assert.Contains("235 2.7.0 Authentication successful", transcript);
    }

    [Fact]
    public async Task Swaks_without_auth_cannot_relay()
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls);
        var (exit, transcript) = await Swaks.RunAsync(server.SmtpPort, "--local-interface", AuthConfig.Outside, "--from", "alice@example.test",
            "--to", "friend@outside.example");
        Assert.Equal(Swaks.RecipientRefused, exit);
        Assert.Contains("554 5.7.1 <friend@outside.example>: Relay access denied", transcript);
        server.AssertNothingQueuedOrDelivered();
    }
}
