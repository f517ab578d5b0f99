using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Pop3;

/// <summary>
/// The TRANSACTION state's refusals through the wire (bad and deleted message numbers), one session per mailbox,
/// and what bounds a session: line length, invalid commands, <c>pop3_timeout</c>, <c>default_process_limit</c>.
/// </summary>
public sealed class Pop3TransactionTests
{
    [Fact]
    public async Task Bad_message_numbers_and_deleted_messages_are_refused()
    {
        await using var server = await TestServer.StartAsync();
        var delivered = await Pop3TestMail.DeliverAsync(server, "alice", Pop3TestMail.Plain(1), Pop3TestMail.Plain(2));
        await using var client = await RawPop3Client.LoginAsync(server.Pop3Port);
        Assert.Equal("-ERR There's no message 3.", await client.CommandAsync("LIST 3"));
        Assert.Equal("-ERR There's no message 3.", await client.CommandAsync("UIDL 3"));
        Assert.Equal("-ERR There's no message 0.", await client.CommandAsync("RETR 0"));
        Assert.Equal("-ERR Invalid message number: x", await client.CommandAsync("RETR x"));
        Assert.Equal("-ERR Invalid message number: -1", await client.CommandAsync("DELE -1"));
        Assert.Equal("-ERR Message number too large: 99999999999", await client.CommandAsync("TOP 99999999999 1"));
        Assert.Equal("-ERR Syntax: TOP msg n", await client.CommandAsync("TOP 1"));
        Assert.Equal("-ERR Invalid number of lines: many", await client.CommandAsync("TOP 1 many"));
        Assert.Equal("-ERR Noise after message number: 2", await client.CommandAsync("LIST 1 2"));
        Assert.Equal("-ERR Syntax: RETR msg", await client.CommandAsync("RETR"));
        Assert.Equal("-ERR Syntax: STAT", await client.CommandAsync("STAT 1"));

        Assert.Equal("+OK Marked to be deleted.", await client.CommandAsync("DELE 1"));
        foreach (var command in new[] { "DELE 1", "RETR 1", "TOP 1 0", "LIST 1", "UIDL 1" })
        {
            Assert.Equal("-ERR Message is deleted.", await client.CommandAsync(command));
        }
        Assert.Equal($"+OK 1 {delivered[1].Length}", await client.CommandAsync("STAT"));
        Assert.Equal($"+OK 2 {delivered[1].Length}", await client.CommandAsync("LIST 2"));
        Assert.Equal("+OK", await client.CommandAsync("NOOP"));
        Assert.StartsWith("+OK maildrop has 2 messages", await client.CommandAsync("RSET"));
        var (status, content) = await client.RetrieveAsync("RETR 1");
        Assert.Equal($"+OK {delivered[0].Length} octets", status);
        Assert.Equal(delivered[0], content);
        Assert.Equal("+OK Logging out.", await client.CommandAsync("QUIT"));
        Assert.Equal(2, server.MessagesOf("alice").Count);
    }

    [Fact]
    public async Task A_second_session_on_the_same_mailbox_gets_in_use_until_the_first_quits()
    {
        await using var server = await TestServer.StartAsync();
        await Pop3TestMail.DeliverAsync(server, "alice", Pop3TestMail.Plain(1));
        await using var first = await RawPop3Client.LoginAsync(server.Pop3Port);
        await using var second = await RawPop3Client.ConnectAsync(server.Pop3Port);
        await second.StlsAsync();
        Assert.Equal("+OK", await second.CommandAsync("USER alice"));
        Assert.Equal("-ERR [IN-USE] Mailbox is locked by another POP3 session.", await second.CommandAsync("PASS secret"));
        Assert.Equal("-ERR Not logged in.", await second.CommandAsync("STAT"));
        await using (var bob = await RawPop3Client.LoginAsync(server.Pop3Port, "bob"))
        {
            Assert.Equal("+OK 0 0", await bob.CommandAsync("STAT")); // another mailbox is not locked
        }

        Assert.Equal("+OK Marked to be deleted.", await first.CommandAsync("DELE 1"));
        Assert.Equal("+OK Logging out, messages deleted.", await first.CommandAsync("QUIT"));
        Assert.True(await first.IsClosedByServerAsync());
        Assert.Equal("+OK", await second.CommandAsync("USER alice"));
        Assert.Equal("+OK Logged in.", await second.CommandAsync("PASS secret"));
        Assert.Equal("+OK 0 0", await second.CommandAsync("STAT"));
        Assert.Contains(server.LogLines, l => l == "pop3d: unknown[127.0.0.2]: alice: mailbox in use by another session (method=USER)");
    }

    [Fact]
    public async Task Too_long_lines_are_refused_and_the_session_goes_on()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port);
        Assert.Equal("-ERR Command line too long.", await client.CommandAsync("USER " + new string('a', 260)));
        Assert.Equal("-ERR Command line too long.", await client.CommandAsync(new string('x', 100_000)));
        Assert.Equal("+OK Capability list follows", (await client.MultiLineAsync("CAPA")).Status);
    }

    [Fact]
    public async Task Too_many_invalid_commands_close_the_session()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port);
        await client.SendAsync(string.Concat(Enumerable.Repeat("BOGUS\r\n", 20)));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("-ERR Unknown command.", await client.ReadLineAsync());
        }
        Assert.Equal("-ERR Too many invalid commands.", await client.ReadLineAsync());
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task An_idle_session_is_closed_after_pop3_timeout_without_deleting_anything()
    {
        await using var server = await TestServer.StartAsync("pop3_timeout = 1s\nsmtpd_tls_auth_only = no");
        await Pop3TestMail.DeliverAsync(server, "alice", Pop3TestMail.Plain(1));
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port); // no STLS: a TLS handshake must not race the 1 s
        Assert.Equal("+OK", await client.CommandAsync("USER alice"));
        Assert.Equal("+OK Logged in.", await client.CommandAsync("PASS secret"));
        Assert.Equal("+OK Marked to be deleted.", await client.CommandAsync("DELE 1"));
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("-ERR Disconnected for inactivity.", await client.ReadLineAsync(timeoutSeconds: 5));
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(800), $"closed after {started.Elapsed}");
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Single(server.MessagesOf("alice"));
        await server.WaitForLogAsync("pop3d: alice: disconnected: Disconnected for inactivity top=0/0, retr=0/0, del=0/1, ");
    }

    [Fact]
    public async Task At_shutdown_a_session_is_told_and_nothing_is_deleted()
    {
        await using var server = await TestServer.StartAsync();
        await Pop3TestMail.DeliverAsync(server, "alice", Pop3TestMail.Plain(1));
        await using var client = await RawPop3Client.LoginAsync(server.Pop3Port);
        Assert.Equal("+OK Marked to be deleted.", await client.CommandAsync("DELE 1"));
        await server.StopAsync();
        Assert.Equal("-ERR [SYS/TEMP] Server shutting down.", await client.ReadLineAsync());
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Single(server.MessagesOf("alice"));
        await server.WaitForLogAsync("pop3d: alice: disconnected: Server shutting down top=0/0, "); // written after the close
    }

    [Fact]
    public async Task Past_default_process_limit_a_connection_is_refused()
    {
        await using var server = await TestServer.StartAsync("default_process_limit = 1");
        await using var first = await RawPop3Client.ConnectAsync(server.Pop3Port);
        await using var second = await RawPop3Client.ConnectAsync(server.Pop3Port);
        Assert.Equal("-ERR [SYS/TEMP] Too many connections, try again later.", second.Greeting);
        Assert.True(await second.IsClosedByServerAsync());
        Assert.Equal("+OK Capability list follows", (await first.MultiLineAsync("CAPA")).Status);
    }

    [Fact]
    public async Task Commands_sent_ahead_of_the_tls_handshake_are_dropped()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port);
        await client.SendAsync("STLS\r\nUSER alice\r\n");
        Assert.Equal("+OK Begin TLS negotiation now.", await client.ReadLineAsync());
        await client.HandshakeAsync();
        Assert.Equal("-ERR No username given.", await client.CommandAsync("PASS secret"));
    }
}
