using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary>
/// RFC 2920 pipelining: a client sends many commands in one write and the server answers each, in order, as if
/// they had come one by one. Each test has its own server, because each counts what was delivered.
/// </summary>
public sealed class PipeliningTests
{
    private const string QueuedPrefix = "250 2.0.0 Ok: queued as ";

    [Fact]
    public async Task A_whole_envelope_in_one_write_gets_every_reply_in_order_and_delivers_once_per_recipient()
    {
        await using var server = await TestServer.StartAsync();
        const string body = "Subject: pipelined\r\n\r\nOne write for the envelope.\r\n";
        await using (var client = await RawSmtpClient.ConnectAsync(server.SmtpPort))
        {
            Assert.Equal("220 mx.example.test ESMTP Sekisho", await client.ReadReplyAsync());
            await client.SendAsync(
                "EHLO client.example\r\n"
                + "MAIL FROM:<carol@elsewhere.example>\r\n"
                + "RCPT TO:<alice@example.test>\r\n"
                + "RCPT TO:<nobody@example.test>\r\n"
                + "RCPT TO:<bob@example.test>\r\n"
                + "DATA\r\n");
            var ehlo = await client.ReadReplyAsync();
            Assert.StartsWith("250-mx.example.test\n", ehlo);
            Assert.Contains("\n250-PIPELINING\n", ehlo);
            Assert.Equal("250 2.1.0 Ok", await client.ReadReplyAsync());
            Assert.Equal("250 2.1.5 Ok", await client.ReadReplyAsync());
            Assert.Equal("550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown", await client.ReadReplyAsync());
            Assert.Equal("250 2.1.5 Ok", await client.ReadReplyAsync());
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.ReadReplyAsync());

            await client.SendAsync(body + ".\r\nQUIT\r\n");
            Assert.StartsWith(QueuedPrefix, await client.ReadReplyAsync());
            Assert.Equal("221 2.0.0 Bye", await client.ReadReplyAsync());
            Assert.True(await client.IsClosedByServerAsync());
        }

        foreach (var account in new[] { "alice", "bob" })
        {
            var delivered = MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync(account, 1)), out _);
            Assert.Equal(body, Encoding.UTF8.GetString(delivered));
        }
        Assert.Single(server.MessagesOf("alice"));
        Assert.Single(server.MessagesOf("bob"));
        Assert.Equal(0, server.QueuedCount());
        Assert.Contains(server.LogLines, line => line.Contains("NOQUEUE: reject: RCPT from unknown[127.0.0.1]: 550 5.1.1 <nobody@example.test>"));
    }

    /// <summary>A big message, its end and QUIT in one write: the server finds the end in the stream and still answers QUIT.</summary>
    [Fact]
    public async Task A_large_message_and_quit_in_one_write()
    {
        await using var server = await TestServer.StartAsync();
        var body = "Subject: large\r\n\r\n" + string.Concat(Enumerable.Range(0, 4000).Select(i => $"line {i:D5} " + new string('z', 60) + "\r\n"));
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            await client.SendAsync("MAIL FROM:<carol@elsewhere.example>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
            Assert.Equal("250 2.1.0 Ok", await client.ReadReplyAsync());
            Assert.Equal("250 2.1.5 Ok", await client.ReadReplyAsync());
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.ReadReplyAsync());
            await client.SendAsync(body + ".\r\nQUIT\r\n");
            Assert.StartsWith(QueuedPrefix, await client.ReadReplyAsync());
            Assert.Equal("221 2.0.0 Bye", await client.ReadReplyAsync());
        }
        var delivered = MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync("alice", 1)), out _);
        Assert.Equal(body, Encoding.UTF8.GetString(delivered));
    }

    /// <summary>Two complete transactions, message content included, in a single write (a greedy client; the server must keep them apart).</summary>
    [Fact]
    public async Task Two_whole_transactions_in_one_write_are_two_messages()
    {
        await using var server = await TestServer.StartAsync();
        const string first = "Subject: first\r\n\r\nFor Alice.\r\n";
        const string second = "Subject: second\r\n\r\nFor Bob.\r\n";
        string[] replies;
        await using (var client = await RawSmtpClient.ConnectAsync(server.SmtpPort))
        {
            Assert.StartsWith("220 ", await client.ReadReplyAsync());
            await client.SendAsync(
                "EHLO client.example\r\n"
                + "MAIL FROM:<carol@elsewhere.example>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n" + first + ".\r\n"
                + "MAIL FROM:<dave@elsewhere.example>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n" + second + ".\r\n"
                + "QUIT\r\n");
            replies = await ReadRepliesAsync(client, 10);
            Assert.True(await client.IsClosedByServerAsync());
        }

        Assert.StartsWith("250-mx.example.test\n", replies[0]);
        Assert.Equal(["250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>"], replies[1..4]);
        Assert.StartsWith(QueuedPrefix, replies[4]);
        Assert.Equal(["250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>"], replies[5..8]);
        Assert.StartsWith(QueuedPrefix, replies[8]);
        Assert.NotEqual(replies[4], replies[8]);
        Assert.Equal("221 2.0.0 Bye", replies[9]);

        var toAlice = MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync("alice", 1)), out var aliceReceived);
        var toBob = MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync("bob", 1)), out var bobReceived);
        Assert.Equal(first, Encoding.UTF8.GetString(toAlice));
        Assert.Equal(second, Encoding.UTF8.GetString(toBob));
        Assert.Contains(" id " + replies[4][QueuedPrefix.Length..], aliceReceived);
        Assert.Contains(" id " + replies[8][QueuedPrefix.Length..], bobReceived);
        Assert.Equal(0, server.QueuedCount());
    }

    [Fact]
    public async Task Rset_in_a_pipeline_discards_the_first_transaction()
    {
        await using var server = await TestServer.StartAsync();
        const string body = "Subject: after rset\r\n\r\nOnly for Bob.\r\n";
        string[] replies;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            await client.SendAsync(
                "MAIL FROM:<carol@elsewhere.example>\r\nRCPT TO:<alice@example.test>\r\n"
                + "RSET\r\n"
                + "MAIL FROM:<dave@elsewhere.example>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n");
            replies = await ReadRepliesAsync(client, 6);
            await client.SendAsync(body + ".\r\nQUIT\r\n");
            replies = [.. replies, .. await ReadRepliesAsync(client, 2)];
        }

        Assert.Equal(["250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.0.0 Ok", "250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>"], replies[..6]);
        Assert.StartsWith(QueuedPrefix, replies[6]);
        Assert.Equal("221 2.0.0 Bye", replies[7]);
        var delivered = MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync("bob", 1)), out var received);
        Assert.Equal(body, Encoding.UTF8.GetString(delivered));
        Assert.Contains("for <bob@example.test>", received);
        Assert.Empty(server.MessagesOf("alice"));
        var queueId = replies[6][QueuedPrefix.Length..];
        Assert.Contains($"smtpd: {queueId}: client=unknown[127.0.0.1], from=<dave@elsewhere.example>, nrcpt=1, proto=ESMTP, helo=<client.example>", server.LogLines);
        Assert.DoesNotContain(server.LogLines, line => line.Contains("from=<carol@elsewhere.example>"));
    }

    private static async Task<string[]> ReadRepliesAsync(RawSmtpClient client, int count)
    {
        var replies = new string[count];
        for (var i = 0; i < count; i++)
        {
            replies[i] = await client.ReadReplyAsync();
        }
        return replies;
    }
}
