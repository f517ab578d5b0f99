using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Outbound;

/// <summary>
/// The classic "relay through my provider" setup: <c>relayhost = [provider]:submission</c> with STARTTLS and AUTH from
/// <c>smtp_sasl_password_maps</c>. A second Sekisho plays the provider (its submission listener requires AUTH); a
/// provider without STARTTLS never gets the password, neither with <c>may</c> nor with <c>encrypt</c>.
/// </summary>
public sealed class RelayhostAuthTests
{
    private const string Content = "From: alice@example.test\r\nTo: bob@provider.test\r\nSubject: via the provider\r\nX-Test: kept\r\n\r\n..a line starting with a dot\r\nthe body\r\n";

    [Fact]
    public async Task Mail_goes_through_the_providers_submission_port_after_starttls_and_auth()
    {
        // The provider knows alice's address is hers (submission refuses a sender the login does not own).
        await using var provider = await TestServer.StartAsync("""
            myhostname = smtp.provider.test
            mydestination = provider.test
            smtpd_sender_login_maps = inline:{ alice@example.test=alice }
            """);
        var relay = $"[127.0.0.1]:{provider.SubmissionPort}";
        await using var server = await TestServer.StartAsync($$"""
            relayhost = {{relay}}
            smtp_sasl_auth_enable = yes
            smtp_sasl_password_maps = inline:{ {{relay}}=alice:secret }
            smtp_tls_security_level = encrypt
            """);

        var queueId = await Submit.MessageAsync(server.SmtpPort, "alice@example.test", ["bob@provider.test"], Content);

        var delivered = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Assert.Single(await provider.WaitForMessagesAsync("bob", 1, timeoutSeconds: 20))));
        Assert.Contains("Subject: via the provider\r\n", delivered);
        Assert.Contains("X-Test: kept\r\n", delivered);
        Assert.EndsWith("\r\n\r\n.a line starting with a dot\r\nthe body\r\n", delivered);
        Assert.Contains($"by mx.example.test (Sekisho) with ESMTP id {queueId}", delivered); // the sending server's Received
        Assert.Contains("by smtp.provider.test (Sekisho) with ESMTPSA id ", delivered); // the provider's: TLS and AUTH
        Assert.Contains(provider.LogLines, line => line.Contains("sasl_username=alice, from=<alice@example.test>") && line.Contains("proto=ESMTPSA"));
        await Poll.LogLineAsync(() => server.LogLines, $"{queueId}: to=<bob@provider.test>, relay=127.0.0.1[127.0.0.1]:{provider.SubmissionPort}, ", "status=sent");
        await Poll.UntilAsync(() => server.QueuedCount() == 0, "the sending server's queue to empty");
    }

    [Fact]
    public async Task Opportunistic_tls_never_sends_the_password_to_a_provider_without_starttls()
    {
        await using var provider = new NextHopServer { AuthMechanisms = ["PLAIN", "LOGIN"], AuthRequired = true };
        await using var server = await StartClientAsync(provider.Port, "may");

        var queueId = await Submit.MessageAsync(server.SmtpPort, "alice@example.test", ["bob@provider.test"], Content);

        var line = await Poll.LogLineAsync(() => server.LogLines, $"{queueId}: to=<bob@provider.test>, relay=127.0.0.1[127.0.0.1]:{provider.Port}, ", "status=deferred");
        Assert.Contains("SASL authentication failed; cannot authenticate to server 127.0.0.1[127.0.0.1]: no mechanism available", line);
        await AssertNothingGivenAwayAsync(server, provider);
    }

    [Fact]
    public async Task Mandatory_tls_defers_without_auth_when_the_provider_offers_no_starttls()
    {
        await using var provider = new NextHopServer { AuthMechanisms = ["PLAIN", "LOGIN"], AuthRequired = true };
        await using var server = await StartClientAsync(provider.Port, "encrypt");

        var queueId = await Submit.MessageAsync(server.SmtpPort, "alice@example.test", ["bob@provider.test"], Content);

        var line = await Poll.LogLineAsync(() => server.LogLines, $"{queueId}: to=<bob@provider.test>, relay=127.0.0.1[127.0.0.1]:{provider.Port}, ", "status=deferred");
        Assert.Contains("TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]", line);
        await AssertNothingGivenAwayAsync(server, provider);
    }

    private static Task<TestServer> StartClientAsync(int providerPort, string level)
    {
        var relay = $"[127.0.0.1]:{providerPort}";
        return TestServer.StartAsync($$"""
            relayhost = {{relay}}
            smtp_sasl_auth_enable = yes
            smtp_sasl_password_maps = inline:{ {{relay}}=alice:secret }
            smtp_tls_security_level = {{level}}
            """);
    }

    /// <summary>The provider saw a session without AUTH and without MAIL, and the message waits in the deferred queue.</summary>
    private static async Task AssertNothingGivenAwayAsync(TestServer server, NextHopServer provider)
    {
        await Poll.UntilAsync(() => server.QueueFiles("deferred").Count == 1, "the message in the deferred queue");
        var session = Assert.Single(provider.Sessions);
        Assert.True(session.Sent("EHLO"), string.Join(" | ", session.Lines));
        Assert.False(session.Sent("AUTH"), string.Join(" | ", session.Lines));
        Assert.False(session.Sent("MAIL"), string.Join(" | ", session.Lines));
        var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes("\0alice\0secret"));
        var password = Convert.ToBase64String(Encoding.UTF8.GetBytes("secret"));
        Assert.DoesNotContain(session.Lines, line => line.Contains(plain) || line.Contains(password) || line.Contains("secret"));
        Assert.Empty(provider.Accepted);
        Assert.Equal(1, server.QueuedCount());
    }
}
