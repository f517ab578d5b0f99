using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Pop3;

/// <summary>
/// The AUTHORIZATION state through the wire: what may be used before and after STLS (the SMTP rules:
/// <c>smtpd_tls_auth_only</c>, the SASL security options), wrong credentials, AUTH's cancel and bad base64, and
/// commands that need a login.
/// </summary>
public sealed class Pop3AuthorizationTests
{
    private const string NoDelay = "smtpd_auth_failure_delay = 0";

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Before_login_only_authorization_commands_are_allowed()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port);
        Assert.Equal("+OK Sekisho ready.", client.Greeting);
        foreach (var command in new[] { "STAT", "LIST", "LIST 1", "UIDL", "RETR 1", "TOP 1 0", "DELE 1", "NOOP", "RSET" })
        {
            Assert.Equal("-ERR Not logged in.", await client.CommandAsync(command));
        }
        Assert.Equal("-ERR No username given.", await client.CommandAsync("PASS secret"));
        Assert.Equal("-ERR Unknown command.", await client.CommandAsync("XTND XMIT"));
        Assert.Equal("-ERR Bad syntax.", await client.CommandAsync(""));
        Assert.Equal("-ERR Syntax: USER name", await client.CommandAsync("USER"));
        Assert.Equal("+OK Logging out.", await client.CommandAsync("QUIT"));
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Contains(server.LogLines, l => l == "pop3d: connect from unknown[127.0.0.2]");
        await server.WaitForLogAsync("pop3d: disconnect from unknown[127.0.0.2]: Logged out (no login)"); // written after the close
    }

    [Fact]
    public async Task By_default_nothing_logs_in_before_stls()
    {
        await using var server = await TestServer.StartAsync(NoDelay);
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port);
        var (status, lines) = await client.MultiLineAsync("CAPA");
        Assert.Equal("+OK Capability list follows", status);
        Assert.Equal(["TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "EXPIRE NEVER", "STLS", "IMPLEMENTATION Sekisho"], lines);
        const string plaintext = "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.";
        Assert.Equal(plaintext, await client.CommandAsync("USER alice"));
        Assert.Equal("-ERR No username given.", await client.CommandAsync("PASS secret"));
        Assert.Equal(plaintext, await client.CommandAsync("AUTH PLAIN " + Base64("\0alice\0secret")));
        Assert.Equal("-ERR [AUTH] Encryption required for requested authentication mechanism.", await client.CommandAsync("AUTH SCRAM-SHA-256"));
        Assert.Equal("-ERR Unsupported authentication mechanism.", await client.CommandAsync("AUTH CRAM-MD5"));
        var (listed, mechanisms) = await client.MultiLineAsync("AUTH");
        Assert.Equal("+OK", listed);
        Assert.Empty(mechanisms);

        await client.StlsAsync();
        (_, lines) = await client.MultiLineAsync("CAPA");
        Assert.Equal(["TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "EXPIRE NEVER", "USER", "SASL PLAIN LOGIN SCRAM-SHA-256 SCRAM-SHA-1",
            "IMPLEMENTATION Sekisho"], lines);
        Assert.Equal(["PLAIN", "LOGIN", "SCRAM-SHA-256", "SCRAM-SHA-1"], (await client.MultiLineAsync("AUTH")).Lines);
        Assert.Equal("-ERR TLS is already active.", await client.CommandAsync("STLS"));
        Assert.Equal("+OK", await client.CommandAsync("USER alice"));
        Assert.Equal("+OK Logged in.", await client.CommandAsync("PASS secret"));
        Assert.Equal("-ERR Already logged in.", await client.CommandAsync("STLS"));
        Assert.Equal("-ERR Already logged in.", await client.CommandAsync("USER alice"));
    }

    [Fact]
    public async Task With_smtpd_tls_auth_only_off_user_pass_works_without_tls()
    {
        await using var server = await TestServer.StartAsync("smtpd_tls_auth_only = no");
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port);
        Assert.Contains("USER", (await client.MultiLineAsync("CAPA")).Lines);
        Assert.Equal("+OK", await client.CommandAsync("USER alice"));
        Assert.Equal("+OK Logged in.", await client.CommandAsync("PASS secret"));
        Assert.Contains(server.LogLines, l => l == "pop3d: login: user=<alice>, method=USER, rip=127.0.0.2, lip=127.0.0.1");
    }

    [Fact]
    public async Task Noplaintext_keeps_user_pass_and_plain_for_tls_while_scram_works_without()
    {
        await using var server = await TestServer.StartAsync("smtpd_tls_auth_only = no\nsmtpd_sasl_security_options = noanonymous, noplaintext\nsmtpd_sasl_tls_security_options = noanonymous");
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port);
        var capabilities = (await client.MultiLineAsync("CAPA")).Lines;
        Assert.DoesNotContain("USER", capabilities);
        Assert.Contains("SASL SCRAM-SHA-256 SCRAM-SHA-1", capabilities);
        Assert.StartsWith("-ERR [AUTH] Plaintext authentication disallowed", await client.CommandAsync("USER alice"));
        Assert.StartsWith("-ERR [AUTH] Plaintext authentication disallowed", await client.CommandAsync("AUTH PLAIN " + Base64("\0alice\0secret")));
        await client.StlsAsync();
        Assert.Equal("+OK Logged in.", await client.CommandAsync("AUTH PLAIN " + Base64("\0alice\0secret")));
    }

    [Fact]
    public async Task A_wrong_password_or_unknown_user_gets_auth_and_the_client_may_try_again()
    {
        await using var server = await TestServer.StartAsync(NoDelay);
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port);
        await client.StlsAsync();
        Assert.Equal("+OK", await client.CommandAsync("USER alice"));
        Assert.Equal("-ERR [AUTH] Authentication failed.", await client.CommandAsync("PASS wrong"));
        Assert.Equal("-ERR No username given.", await client.CommandAsync("PASS secret"));
        Assert.Equal("+OK", await client.CommandAsync("USER nobody@example.test"));
        Assert.Equal("-ERR [AUTH] Authentication failed.", await client.CommandAsync("PASS secret"));
        Assert.Equal("-ERR [AUTH] Authentication failed.", await client.CommandAsync("AUTH PLAIN " + Base64("\0alice\0wrong")));
        Assert.Equal("+OK", await client.CommandAsync("USER ALICE@example.test"));
        Assert.Equal("+OK Logged in.", await client.CommandAsync("PASS secret"));
        Assert.Equal("+OK 0 0", await client.CommandAsync("STAT"));
        Assert.Contains(server.LogLines, l => l == "pop3d: unknown[127.0.0.2]: authentication failed (method=USER, user=<alice>)");
        Assert.Contains(server.LogLines, l => l == "pop3d: unknown[127.0.0.2]: authentication failed (method=USER, user=<nobody@example.test>)");
        Assert.Contains(server.LogLines, l => l == "pop3d: unknown[127.0.0.2]: authentication failed (method=PLAIN, user=<alice>)");
        Assert.Contains(server.LogLines, l => l == "pop3d: login: user=<alice>, method=USER, rip=127.0.0.2, lip=127.0.0.1, tls");
    }

    [Fact]
    public async Task Auth_cancel_bad_base64_and_the_continuation_dialogue()
    {
        await using var server = await TestServer.StartAsync(NoDelay);
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port);
        await client.StlsAsync();
        Assert.Equal("-ERR Invalid base64 data.", await client.CommandAsync("AUTH PLAIN not-base64!"));
        Assert.Equal("+ ", await client.CommandAsync("AUTH PLAIN"));
        Assert.Equal("-ERR Authentication aborted by client.", await client.CommandAsync("*"));
        Assert.Equal("+ VXNlcm5hbWU6", await client.CommandAsync("AUTH LOGIN"));
        Assert.Equal("-ERR Invalid base64 data.", await client.CommandAsync("@@@"));
        Assert.Equal("+ VXNlcm5hbWU6", await client.CommandAsync("AUTH LOGIN"));
        Assert.Equal("+ UGFzc3dvcmQ6", await client.CommandAsync(Base64("alice")));
        Assert.Equal("+OK Logged in.", await client.CommandAsync(Base64("secret")));
        Assert.Contains(server.LogLines, l => l == "pop3d: unknown[127.0.0.2]: authentication failed (method=LOGIN, user=<>): Invalid base64 data.");
        Assert.Contains(server.LogLines, l => l == "pop3d: login: user=<alice>, method=LOGIN, rip=127.0.0.2, lip=127.0.0.1, tls");
    }
}
