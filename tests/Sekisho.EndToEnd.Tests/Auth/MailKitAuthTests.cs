using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Auth;

/// <summary>
/// MailKit's SmtpClient authenticates with each mechanism from an untrusted address and may then relay; without
/// AUTH the same message is refused. The mail log names the mechanism and the login, as Postfix's does.
/// </summary>
public sealed class MailKitAuthTests
{
    public static TheoryData<string> Mechanisms => ["PLAIN", "LOGIN", "CRAM-MD5", "DIGEST-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"];

    private static SaslMechanism Mechanism(string name, string user, string password)
    {
        var credentials = new System.Net.NetworkCredential(user, password);
        return name switch
        {
            "PLAIN" => new SaslMechanismPlain(credentials),
            "LOGIN" => new SaslMechanismLogin(credentials),
            "CRAM-MD5" => new SaslMechanismCramMd5(credentials),
            "DIGEST-MD5" => new SaslMechanismDigestMd5(credentials),
            "SCRAM-SHA-1" => new SaslMechanismScramSha1(credentials),
            "SCRAM-SHA-256" => new SaslMechanismScramSha256(credentials),
            _ => throw new ArgumentException(name),
        };
    }

    private static MimeMessage Message(string to)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("alice@example.test"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = "authenticated";
        message.Body = new TextPart("plain") { Text = "Sent after AUTH." };
        return message;
    }

    private static SmtpClient Client() => new() { LocalEndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Parse(AuthConfig.Outside), 0) };

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task Each_mechanism_authenticates_and_then_relays_from_outside(string mechanism)
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls);
        using (var client = Client())
        {
            await client.ConnectAsync("127.0.0.1", server.SmtpPort, SecureSocketOptions.None);
            Assert.Contains(mechanism, client.AuthenticationMechanisms);
            await client.AuthenticateAsync(Mechanism(mechanism, "alice", "secret"));
            await client.SendAsync(Message("friend@outside.example"));
            await client.DisconnectAsync(quit: true);
        }
        Assert.Contains(server.LogLines, line => line.Contains($"client=unknown[127.0.0.2], sasl_method={mechanism}, sasl_username=alice, from=<alice@example.test>"));
        Assert.Equal(1, server.QueuedCount());
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task A_wrong_password_and_an_unknown_user_are_refused_alike(string mechanism)
    {
        await using var server = await TestServer.StartAsync(AuthConfig.AllMechanismsWithoutTls);
        foreach (var (user, password) in new[] { ("alice", "wrong"), ("nobody", "secret") })
        {
            using var client = Client();
            await client.ConnectAsync("127.0.0.1", server.SmtpPort, SecureSocketOptions.None);
            var error = await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(Mechanism(mechanism, user, password)));
            Assert.Contains("authentication failed", error.Message);
            await client.DisconnectAsync(quit: true);
        }
        server.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task Submission_with_starttls_and_plain_relays_as_a_mail_client_does()
    {
        await using var server = await TestServer.StartAsync("smtpd_auth_failure_delay = 0");
        using (var client = Client())
        {
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
            await client.ConnectAsync("127.0.0.1", server.SubmissionPort, SecureSocketOptions.StartTls);
            Assert.Contains("PLAIN", client.AuthenticationMechanisms);
            await client.AuthenticateAsync("alice", "secret");
            await client.SendAsync(Message("friend@outside.example"));
            await client.DisconnectAsync(quit: true);
        }
        Assert.Contains(server.LogLines, line => line.Contains("sasl_username=alice") && line.Contains("proto=ESMTPSA"));
    }

    [Fact]
    public async Task Submission_without_auth_is_refused_at_mail()
    {
        await using var server = await TestServer.StartAsync();
        using var client = Client();
        client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        await client.ConnectAsync("127.0.0.1", server.SubmissionPort, SecureSocketOptions.StartTls);
        var error = await Assert.ThrowsAsync<MailKit.ServiceNotAuthenticatedException>(() => client.SendAsync(Message("alice@example.test")));
        Assert.Equal("5.7.0 Authentication required", error.Message); // MailKit's reading of 530
        server.AssertNothingQueuedOrDelivered();
    }
}
