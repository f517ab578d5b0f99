using System.Net;
using MailKit.Net.Pop3;
using MailKit.Security;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Pop3;

/// <summary>
/// MailKit's Pop3Client from an untrusted address: each SASL mechanism after STLS, POP3S, messages byte for byte,
/// UIDLs that stay the same across sessions (also after the messages moved to <c>cur/</c>).
/// </summary>
public sealed class MailKitPop3Tests
{
    public static TheoryData<string> Mechanisms => ["PLAIN", "LOGIN", "SCRAM-SHA-256"];

    private static Pop3Client Client() => new()
    {
        LocalEndPoint = new IPEndPoint(IPAddress.Parse(Pop3TestMail.Outside), 0),
        ServerCertificateValidationCallback = (_, _, _, _) => true,
    };

    private static SaslMechanism Mechanism(string name, string user, string password)
    {
        var credentials = new NetworkCredential(user, password);
        return name switch
        {
            "PLAIN" => new SaslMechanismPlain(credentials),
            "LOGIN" => new SaslMechanismLogin(credentials),
            "SCRAM-SHA-256" => new SaslMechanismScramSha256(credentials),
            _ => throw new ArgumentException(name),
        };
    }

    private static async Task<byte[]> DownloadAsync(Pop3Client client, int index)
    {
        await using var stream = await client.GetStreamAsync(index);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task Each_mechanism_logs_in_after_stls_and_retrieves_the_message_as_delivered(string mechanism)
    {
        await using var server = await TestServer.StartAsync("smtpd_auth_failure_delay = 0");
        var delivered = await Pop3TestMail.DeliverAsync(server, "alice", Pop3TestMail.Dotted);
        using (var client = Client())
        {
            await client.ConnectAsync("127.0.0.1", server.Pop3Port, SecureSocketOptions.StartTls);
            Assert.Contains(mechanism, client.AuthenticationMechanisms);
            Assert.True(client.Capabilities.HasFlag(Pop3Capabilities.UIDL) && client.Capabilities.HasFlag(Pop3Capabilities.Pipelining));
            await client.AuthenticateAsync(Mechanism(mechanism, "alice", "secret"));
            Assert.Equal(1, client.Count);
            Assert.Equal(delivered[0].Length, await client.GetMessageSizeAsync(0));
            Assert.Equal(delivered[0], await DownloadAsync(client, 0));
            Assert.Equal("dots", (await client.GetMessageAsync(0)).Subject);
            await client.DisconnectAsync(quit: true);
        }
        Assert.Contains(server.LogLines, l => l == $"pop3d: login: user=<alice>, method={mechanism}, rip=127.0.0.2, lip=127.0.0.1, tls");
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task A_wrong_password_and_an_unknown_user_are_refused_alike(string mechanism)
    {
        await using var server = await TestServer.StartAsync("smtpd_auth_failure_delay = 0");
        foreach (var (user, password) in new[] { ("alice", "wrong"), ("nobody", "secret") })
        {
            using var client = Client();
            await client.ConnectAsync("127.0.0.1", server.Pop3Port, SecureSocketOptions.StartTls);
            var error = await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(Mechanism(mechanism, user, password)));
            Assert.Equal("Authentication failed.", error.Message);
            await client.DisconnectAsync(quit: true);
        }
        Assert.Contains(server.LogLines, l => l == $"pop3d: unknown[127.0.0.2]: authentication failed (method={mechanism}, user=<nobody>)");
    }

    [Fact]
    public async Task Pop3s_with_the_default_choice_of_mechanism()
    {
        await using var server = await TestServer.StartAsync();
        var delivered = await Pop3TestMail.DeliverAsync(server, "alice", Pop3TestMail.Plain(1));
        using (var client = Client())
        {
            await client.ConnectAsync("127.0.0.1", server.Pop3sPort, SecureSocketOptions.SslOnConnect);
            Assert.True(client.IsSecure);
            await client.AuthenticateAsync("alice", "secret");
            Assert.Equal(delivered[0], await DownloadAsync(client, 0));
            await client.DisconnectAsync(quit: true);
        }
        Assert.Contains(server.LogLines, l => l == "pop3d: login: user=<alice>, method=SCRAM-SHA-256, rip=127.0.0.2, lip=127.0.0.1, tls");
    }

    [Fact]
    public async Task Uidls_stay_the_same_across_sessions()
    {
        await using var server = await TestServer.StartAsync();
        await Pop3TestMail.DeliverAsync(server, "alice", Pop3TestMail.Plain(1), Pop3TestMail.Plain(2));
        IList<string> first;
        using (var client = Client())
        {
            await client.ConnectAsync("127.0.0.1", server.Pop3Port, SecureSocketOptions.StartTls);
            await client.AuthenticateAsync("alice", "secret");
            first = await client.GetMessageUidsAsync();
            Assert.Equal(2, first.Distinct().Count());
            await client.GetMessagesAsync([0, 1]); // both move to cur/ at QUIT
            await client.DisconnectAsync(quit: true);
        }
        Assert.Equal(2, Directory.GetFiles(Path.Combine(server.MaildirOf("alice"), "cur")).Length);
        await Pop3TestMail.DeliverAsync(server, "alice", Pop3TestMail.Plain(3));
        using (var client = Client())
        {
            await client.ConnectAsync("127.0.0.1", server.Pop3Port, SecureSocketOptions.StartTls);
            await client.AuthenticateAsync("alice", "secret");
            var second = await client.GetMessageUidsAsync();
            Assert.Equal(3, second.Count);
            Assert.Equal(first, second.Take(2));
            Assert.DoesNotContain(second[2], first);
            Assert.Equal(second[1], await client.GetMessageUidAsync(1));
            await client.DisconnectAsync(quit: true);
        }
    }
}
