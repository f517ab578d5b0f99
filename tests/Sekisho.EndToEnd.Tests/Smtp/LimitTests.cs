using System.Diagnostics;
using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary>
/// The resource limits of <c>main.cf</c>: message size, line length, recipients per message, idle time and
/// concurrent connections. A limit says no with the exact Postfix reply and, where the protocol allows, the
/// dialogue goes on.
/// </summary>
/// <remarks>
/// <see cref="SizeLimitedServer"/> (<c>message_size_limit = 1000</c>) and <see cref="ImpatientServer"/>
/// (<c>smtpd_timeout = 1s</c>) are shared by tests after which nothing may be queued.
/// </remarks>
public sealed class LimitTests(LimitTests.SizeLimitedServer sizeLimited, LimitTests.ImpatientServer impatient)
    : IClassFixture<LimitTests.SizeLimitedServer>, IClassFixture<LimitTests.ImpatientServer>
{
    private const string QueuedPrefix = "250 2.0.0 Ok: queued as ";
    private const string Timeout = "421 4.4.2 mx.example.test Error: timeout exceeded";

    [Fact]
    public async Task Ehlo_announces_the_size_limit()
    {
        await using var client = await RawSmtpClient.ConnectAsync(sizeLimited.Instance.SmtpPort);
        Assert.StartsWith("220 ", await client.ReadReplyAsync());
        Assert.Contains("\n250-SIZE 1000\n", await client.CommandAsync("EHLO client.example"));
        Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
    }

    [Theory]
    [InlineData("MAIL FROM:<a@b.example> SIZE=2000", "552 5.3.4 Message size exceeds fixed limit")]
    [InlineData("MAIL FROM:<a@b.example> SIZE=1001", "552 5.3.4 Message size exceeds fixed limit")]
    [InlineData("MAIL FROM:<a@b.example> SIZE=99999999999999999999", "501 5.5.4 Bad message size syntax")]
    [InlineData("MAIL FROM:<a@b.example> SIZE=1000", "250 2.1.0 Ok")]
    [InlineData("MAIL FROM:<a@b.example> SIZE=0", "250 2.1.0 Ok")]
    public async Task A_declared_size_is_checked_against_the_limit_at_mail(string command, string expected)
    {
        var server = sizeLimited.Instance;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal(expected, await client.CommandAsync(command));
            Assert.Equal(expected.StartsWith("250", StringComparison.Ordinal) ? "503 5.5.1 Error: need RCPT command" : "503 5.5.1 Error: need MAIL command",
                await client.CommandAsync("DATA"));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        server.AssertNothingQueuedOrDelivered();
    }

    /// <summary>
    /// Without SIZE the server reads the whole message, then refuses it; the session goes on (up to four times the
    /// limit: past that it answers 552 and hangs up, see OversizeInputTests).
    /// </summary>
    [Theory]
    [InlineData(2000, "")]
    [InlineData(2000, " SIZE=500")] // a client that understates the size is caught all the same
    [InlineData(3900, "")]
    public async Task Data_over_the_size_limit_is_read_to_the_end_then_refused(int length, string sizeParameter)
    {
        var server = sizeLimited.Instance;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>" + sizeParameter));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.CommandAsync("DATA"));
            await client.SendAsync(Lines(length) + ".\r\n");
            Assert.Equal("552 5.3.4 Error: message file too big", await client.ReadReplyAsync());
            Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
            Assert.Equal("503 5.5.1 Error: need MAIL command", await client.CommandAsync("DATA"));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        server.AssertNothingQueuedOrDelivered();
        Assert.Contains(server.LogLines, line => line.StartsWith("smtpd: NOQUEUE: reject: DATA from unknown[127.0.0.1]: 552 5.3.4 Error: message file too big; ", StringComparison.Ordinal));
    }

    /// <summary><c>line_length_limit = 2048</c> (default): a longer command line is refused whole and the next one works.</summary>
    [Theory]
    [InlineData(2048, "250 2.0.0 Ok")]
    [InlineData(2049, "500 5.5.2 Error: line too long")]
    [InlineData(3000, "500 5.5.2 Error: line too long")]
    [InlineData(100_000, "500 5.5.2 Error: line too long")]
    public async Task A_command_line_over_the_limit_gets_500_and_the_next_command_works(int length, string expected)
    {
        var server = sizeLimited.Instance;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal(expected, await client.CommandAsync("NOOP " + new string('x', length - 5)));
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("500 5.5.2 Error: line too long", await client.CommandAsync("RCPT TO:<" + new string('a', 3000) + "@example.test>"));
            Assert.Equal("503 5.5.1 Error: need RCPT command", await client.CommandAsync("DATA"));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        server.AssertNothingQueuedOrDelivered();
    }

    /// <summary>
    /// <c>smtpd_recipient_limit = 3</c>: the fourth RCPT gets 452 and the message goes to the first three. postmaster
    /// resolves to alice (the admin), and one mailbox named twice gets one copy.
    /// </summary>
    [Fact]
    public async Task Recipients_over_the_limit_get_452_and_the_first_ones_still_get_the_message()
    {
        await using var server = await TestServer.StartAsync("smtpd_recipient_limit = 3");
        const string body = "Subject: limited\r\n\r\nThree at most.\r\n";
        string queueId;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<bob@example.test>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<postmaster@example.test>"));
            Assert.Equal("452 4.5.3 Error: too many recipients", await client.CommandAsync("RCPT TO:<bob@localhost>"));
            Assert.Equal("452 4.5.3 Error: too many recipients", await client.CommandAsync("RCPT TO:<alice@localhost>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.CommandAsync("DATA"));
            var queued = await client.CommandAsync(body + ".");
            Assert.StartsWith(QueuedPrefix, queued);
            queueId = queued[QueuedPrefix.Length..];
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        foreach (var account in new[] { "alice", "bob" })
        {
            var delivered = MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync(account, 1)), out var received);
            Assert.Equal(body, Encoding.UTF8.GetString(delivered));
            Assert.Contains(" id " + queueId, received);
        }
        Assert.Single(server.MessagesOf("alice"));
        Assert.Single(server.MessagesOf("bob"));
        Assert.Empty(server.MessagesOf("postmaster"));
        Assert.Contains($"smtpd: {queueId}: client=unknown[127.0.0.1], from=<carol@elsewhere.example>, nrcpt=2, proto=ESMTP, helo=<client.example>", server.LogLines);
    }

    /// <summary>
    /// A client that pipelines more recipients than the limit gets 452 for each extra one (RFC 5321 4.5.3.1.10: it
    /// sends them later) and still sends DATA for the accepted ones. As in Postfix (<c>smtpd_recipient_overshoot_limit</c>,
    /// default 1000), excess recipients must not count towards <c>smtpd_hard_error_limit</c> (default 20), or the
    /// server hangs up and the whole transaction is lost.
    /// </summary>
    [Fact]
    public async Task Pipelined_recipients_over_the_limit_do_not_count_as_errors()
    {
        await using var server = await TestServer.StartAsync("smtpd_recipient_limit = 3");
        var pipeline = new StringBuilder("MAIL FROM:<list@elsewhere.example>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nRCPT TO:<postmaster@example.test>\r\n");
        for (var i = 0; i < 25; i++)
        {
            pipeline.Append($"RCPT TO:<member{i}@remote.example>\r\n");
        }
        pipeline.Append("DATA\r\n");
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            await client.SendAsync(pipeline.ToString());
            Assert.Equal("250 2.1.0 Ok", await client.ReadReplyAsync());
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal("250 2.1.5 Ok", await client.ReadReplyAsync());
            }
            for (var i = 0; i < 25; i++)
            {
                Assert.Equal("452 4.5.3 Error: too many recipients", await client.ReadReplyAsync());
            }
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.ReadReplyAsync());
            Assert.StartsWith(QueuedPrefix, await client.CommandAsync("Subject: many\r\n\r\nHello list.\r\n."));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        Assert.Single(await server.WaitForMessagesAsync("alice", 1));
        Assert.Single(await server.WaitForMessagesAsync("bob", 1));
    }

    /// <summary><c>smtpd_timeout = 1s</c>: a silent client is told 421 and cut off, whatever state it was in.</summary>
    [Theory]
    [InlineData("CONNECT", new string[0])]
    [InlineData("EHLO", new[] { "EHLO client.example" })]
    [InlineData("RCPT", new[] { "EHLO client.example", "MAIL FROM:<carol@elsewhere.example>", "RCPT TO:<alice@example.test>" })]
    public async Task An_idle_client_gets_421_and_is_disconnected(string lastCommand, string[] before)
    {
        var server = impatient.Instance;
        await using (var client = await RawSmtpClient.ConnectAsync(server.SmtpPort))
        {
            Assert.StartsWith("220 ", await client.ReadReplyAsync());
            foreach (var line in before)
            {
                Assert.StartsWith("250", await client.CommandAsync(line));
            }
            var clock = Stopwatch.StartNew();
            Assert.Equal(Timeout, await client.ReadReplyAsync(timeoutSeconds: 10));
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(8));
            Assert.True(await client.IsClosedByServerAsync());
        }
        server.AssertNothingQueuedOrDelivered();
        Assert.Contains($"smtpd: timeout after {lastCommand} from unknown[127.0.0.1]", server.LogLines);
    }

    /// <summary>A client that stalls in the middle of the content (or between chunks): 421, and the half message is thrown away.</summary>
    [Theory]
    [InlineData("DATA\r\nSubject: stalled\r\n\r\nhalf a mess", new[] { "354 End data with <CR><LF>.<CR><LF>" })]
    [InlineData("DATA\r\nSubject: stalled\r\n\r\nalmost done\r\n.", new[] { "354 End data with <CR><LF>.<CR><LF>" })]
    [InlineData("BDAT 100 LAST\r\nSubject: stalled\r\n\r\nonly part of the hundred bytes", new string[0])]
    [InlineData("BDAT 7\r\nhello\r\n", new[] { "250 2.0.0 Ok: 7 bytes" })]
    public async Task A_client_stalling_inside_the_message_gets_421_and_nothing_is_queued(string sent, string[] repliesBeforeTheStall)
    {
        var server = impatient.Instance;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            await client.SendAsync(sent);
            foreach (var reply in repliesBeforeTheStall)
            {
                Assert.Equal(reply, await client.ReadReplyAsync());
            }
            Assert.Equal(Timeout, await client.ReadReplyAsync(timeoutSeconds: 10));
            Assert.True(await client.IsClosedByServerAsync());
        }
        server.AssertNothingQueuedOrDelivered();
    }

    /// <summary>
    /// <c>default_process_limit = 2</c>: a third concurrent connection is told 421 and closed; the first two are
    /// unaffected, and a slot is free again once a session ends.
    /// </summary>
    [Fact]
    public async Task A_connection_over_the_process_limit_gets_421_while_the_others_keep_working()
    {
        await using var server = await TestServer.StartAsync("default_process_limit = 2");
        await using var first = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort);
        await using var second = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.2");

        await using (var third = await RawSmtpClient.ConnectAsync(server.SmtpPort))
        {
            Assert.Equal("421 4.7.0 mx.example.test Error: too many connections", await third.ReadReplyAsync());
            Assert.True(await third.IsClosedByServerAsync());
        }

        Assert.Equal("250 2.0.0 Ok", await second.CommandAsync("NOOP"));
        Assert.Equal("250 2.1.0 Ok", await first.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
        Assert.Equal("250 2.1.5 Ok", await first.CommandAsync("RCPT TO:<alice@example.test>"));
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await first.CommandAsync("DATA"));
        Assert.StartsWith(QueuedPrefix, await first.CommandAsync("Subject: still here\r\n\r\nHello.\r\n."));
        Assert.Equal("221 2.0.0 Bye", await first.CommandAsync("QUIT"));
        Assert.True(await first.IsClosedByServerAsync());
        Assert.Single(await server.WaitForMessagesAsync("alice", 1));

        // The first session has ended: a new client gets its slot (the server may take a moment to count it free).
        var greeting = "";
        for (var attempt = 0; attempt < 40 && !greeting.StartsWith("220 ", StringComparison.Ordinal); attempt++)
        {
            await using var next = await RawSmtpClient.ConnectAsync(server.SmtpPort);
            greeting = await next.ReadReplyAsync();
            if (greeting.StartsWith("220 ", StringComparison.Ordinal))
            {
                Assert.Equal("221 2.0.0 Bye", await next.CommandAsync("QUIT"));
            }
            else
            {
                Assert.Equal("421 4.7.0 mx.example.test Error: too many connections", greeting);
                await Task.Delay(25);
            }
        }
        Assert.Equal("220 mx.example.test ESMTP Sekisho", greeting);
        Assert.Equal("221 2.0.0 Bye", await second.CommandAsync("QUIT"));
        Assert.Contains(server.LogLines, line => line.StartsWith("smtpd: too many connections on ", StringComparison.Ordinal));
    }

    /// <summary>Message lines of 78 characters plus CRLF, <paramref name="length"/> bytes in all (roughly).</summary>
    private static string Lines(int length)
    {
        var line = new string('x', 78) + "\r\n";
        return "Subject: big\r\n\r\n" + string.Concat(Enumerable.Repeat(line, length / line.Length + 1));
    }

    public sealed class SizeLimitedServer : IAsyncLifetime
    {
        public TestServer Instance { get; private set; } = null!;

        public async Task InitializeAsync() => Instance = await TestServer.StartAsync("message_size_limit = 1000");

        public async Task DisposeAsync() => await Instance.DisposeAsync();
    }

    public sealed class ImpatientServer : IAsyncLifetime
    {
        public TestServer Instance { get; private set; } = null!;

        public async Task InitializeAsync() => Instance = await TestServer.StartAsync("smtpd_timeout = 1s");

        public async Task DisposeAsync() => await Instance.DisposeAsync();
    }
}
