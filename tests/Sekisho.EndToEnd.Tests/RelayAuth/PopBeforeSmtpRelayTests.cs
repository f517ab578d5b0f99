using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.RelayAuth;

/// <summary>
/// <c>permit_pop_before_smtp</c> through the wire from an untrusted address: an authorization (made here with
/// <c>sekisho relay-auth add</c>, as a POP3 login would) lets it relay until revoked or expired; a store that is
/// down defers relaying (4xx) and never permits it, while mail to local users still goes through.
/// </summary>
public sealed class PopBeforeSmtpRelayTests
{
    private const string Outside = "127.0.0.2";

    private static async Task<string> RcptAsync(TestServer server, string recipient)
    {
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Outside);
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<alice@example.test>"));
        return await smtp.CommandAsync($"RCPT TO:<{recipient}>");
    }

    [Fact]
    public async Task Relay_auth_add_lets_the_address_relay_until_revoked()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal("554 5.7.1 <friend@outside.example>: Relay access denied", await RcptAsync(server, "friend@outside.example"));

        var (exit, stdout, stderr) = await SekishoProcess.RunAsync(server.Root, null, "relay-auth", "add", Outside, "--for", "5m", "--config", server.ConfigPath);
        Assert.True(exit == 0, stderr);
        Assert.StartsWith($"sekisho: {Outside} may relay until ", stdout);
        Assert.Equal("250 2.1.5 Ok", await RcptAsync(server, "friend@outside.example"));

        var list = await SekishoProcess.RunAsync(server.Root, null, "relay-auth", "list", "--config", server.ConfigPath);
        Assert.StartsWith($"{Outside}\tuntil ", list.StdOut);
        Assert.Contains("\tby admin", list.StdOut);

        Assert.Equal(0, (await SekishoProcess.RunAsync(server.Root, null, "relay-auth", "revoke", Outside, "--config", server.ConfigPath)).ExitCode);
        Assert.Equal("554 5.7.1 <friend@outside.example>: Relay access denied", await RcptAsync(server, "friend@outside.example"));
        Assert.Equal(1, (await SekishoProcess.RunAsync(server.Root, null, "relay-auth", "revoke", Outside, "--config", server.ConfigPath)).ExitCode);
    }

    [Fact]
    public async Task An_authorization_expires_exactly()
    {
        await using var server = await TestServer.StartAsync();
        var (exit, _, stderr) = await SekishoProcess.RunAsync(server.Root, null, "relay-auth", "add", Outside, "--for", "2s", "--config", server.ConfigPath);
        Assert.True(exit == 0, stderr);
        Assert.Equal("250 2.1.5 Ok", await RcptAsync(server, "friend@outside.example"));
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        Assert.Equal("554 5.7.1 <friend@outside.example>: Relay access denied", await RcptAsync(server, "friend@outside.example"));
        server.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task A_store_that_is_down_defers_relaying_but_not_local_mail()
    {
        var redis = await RedisInstance.StartAsync();
        var url = redis.Url();
        await redis.DisposeAsync();
        await using var server = await TestServer.StartAsync("relay_authorization_store = " + url);
        Assert.Equal("451 4.3.0 Error: temporary lookup failure (POP-before-SMTP store unavailable)", await RcptAsync(server, "friend@outside.example"));
        Assert.Equal("250 2.1.5 Ok", await RcptAsync(server, "alice@example.test"));
        server.AssertNothingQueuedOrDelivered();
        Assert.Contains(server.LogLines, line => line.Contains("pop-before-smtp: cannot look up 127.0.0.2: "));
    }
}
