using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary>
/// SMTP smuggling (CVE-2023-51764 class): only <c>CRLF.CRLF</c> ends DATA. Any other would-be end (bare CR or LF
/// around the dot) followed by a second, spoofed transaction must stay content of the first message under
/// <c>smtpd_forbid_bare_newline = normalize</c>, and refuse the message under <c>reject</c>.
/// </summary>
/// <remarks>
/// <see cref="NormalizingServer"/> is shared by tests that each look only at the one message they sent (tests in a
/// class run one after another); <see cref="RejectingServer"/> is shared by tests after which nothing may be queued.
/// </remarks>
public sealed class SmugglingTests(SmugglingTests.NormalizingServer normalizing, SmugglingTests.RejectingServer rejecting)
    : IClassFixture<SmugglingTests.NormalizingServer>, IClassFixture<SmugglingTests.RejectingServer>
{
    private const string QueuedPrefix = "250 2.0.0 Ok: queued as ";
    private const string Smuggled = "MAIL FROM:<spoof@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nSubject: smuggled\r\n\r\nsecond\r\n.\r\n";

    public static TheoryData<string> WouldBeEnds => ["\n.\n", "\r.\r", "\n.\r\n", "\r\n.\n", "\r.\n", "\r\n.\r", "\n.\r", "\r.\r\n"];

    private static string Attempt(string wouldBeEnd) =>
        "MAIL FROM:<carol@elsewhere.example>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n"
        + "Subject: first\r\n\r\nfirst" + wouldBeEnd + Smuggled + "QUIT\r\n";

    [Theory]
    [MemberData(nameof(WouldBeEnds))]
    public async Task A_fake_end_of_data_keeps_the_smuggled_transaction_inside_the_first_message(string wouldBeEnd)
    {
        var server = normalizing.Instance;
        var before = server.MessagesOf("alice");
        string[] replies;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            await client.SendAsync(Attempt(wouldBeEnd));
            replies = [await client.ReadReplyAsync(), await client.ReadReplyAsync(), await client.ReadReplyAsync(), await client.ReadReplyAsync(), await client.ReadReplyAsync()];
            Assert.True(await client.IsClosedByServerAsync());
        }

        Assert.Equal(["250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>"], replies[..3]);
        Assert.StartsWith(QueuedPrefix, replies[3]);
        Assert.Equal("221 2.0.0 Bye", replies[4]);

        var after = await server.WaitForMessagesAsync("alice", before.Count + 1);
        var file = Assert.Single(after.Except(before));
        var content = Encoding.UTF8.GetString(MaildirMessage.WithoutOurReceived(file, out var received));
        Assert.Contains(" id " + replies[3][QueuedPrefix.Length..], received);
        Assert.Contains("Subject: smuggled", content);
        Assert.Contains("RCPT TO:<bob@example.test>", content);
        // The bare CR/LF become CRLF, the dot opening a line is unstuffed like any other: the fake end is an empty line.
        Assert.Equal("Subject: first\r\n\r\nfirst\r\n\r\n" + Smuggled[..^3], content);
        Assert.Empty(server.MessagesOf("bob"));
        Assert.Equal(0, server.QueuedCount());
        Assert.DoesNotContain(server.LogLines, line => line.Contains("from=<spoof@example.test>"));
    }

    [Theory]
    [MemberData(nameof(WouldBeEnds))]
    public async Task A_fake_end_of_data_is_refused_when_bare_newlines_are_forbidden(string wouldBeEnd)
    {
        var server = rejecting.Instance;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            await client.SendAsync(Attempt(wouldBeEnd));
            Assert.Equal("250 2.1.0 Ok", await client.ReadReplyAsync());
            Assert.Equal("250 2.1.5 Ok", await client.ReadReplyAsync());
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.ReadReplyAsync());
            Assert.Equal("550 5.5.2 Error: bare <CR> or <LF> received", await client.ReadReplyAsync());
            Assert.True(await client.IsClosedByServerAsync());
        }
        server.AssertNothingQueuedOrDelivered();
        Assert.Contains("smtpd: NOQUEUE: reject: DATA from unknown[127.0.0.1]: 550 5.5.2 Error: bare <CR> or <LF> received; from=<carol@elsewhere.example> proto=ESMTP helo=<client.example>",
            server.LogLines);
        Assert.DoesNotContain(server.LogLines, line => line.Contains("from=<spoof@example.test>"));
    }

    /// <summary>The end of the stream is not the end of data: a message cut off, even just after a would-be end, is never queued.</summary>
    [Theory]
    [InlineData("127.0.0.3", "Subject: cut\r\n\r\ncut off\r\n")]
    [InlineData("127.0.0.4", "Subject: cut\r\n\r\ncut off\r\n.")]
    [InlineData("127.0.0.5", "Subject: cut\r\n\r\ncut off\r\n.\r")]
    public async Task A_message_cut_off_by_a_lost_connection_is_not_queued(string clientAddress, string sent)
    {
        var server = rejecting.Instance;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, clientAddress))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.CommandAsync("DATA"));
            await client.SendAsync(sent);
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!server.LogLines.Any(line => line.StartsWith($"smtpd: disconnect from unknown[{clientAddress}]", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }
        Assert.Contains(server.LogLines, line => line.StartsWith($"smtpd: disconnect from unknown[{clientAddress}]", StringComparison.Ordinal));
        server.AssertNothingQueuedOrDelivered();
    }

    /// <summary>An admin greps for "lost connection after": a client vanishing inside the content must be logged like one vanishing between commands.</summary>
    [Theory]
    [InlineData("127.0.0.6", "DATA", "DATA\r\nSubject: cut\r\n\r\ncut off")]
    [InlineData("127.0.0.7", "BDAT", "BDAT 100 LAST\r\nSubject: cut\r\n\r\ncut off")]
    public async Task A_connection_lost_inside_the_content_is_logged(string clientAddress, string command, string sent)
    {
        var server = rejecting.Instance;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, clientAddress))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            await client.SendAsync(sent);
            if (command == "DATA")
            {
                Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.ReadReplyAsync());
            }
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!server.LogLines.Any(line => line.StartsWith($"smtpd: disconnect from unknown[{clientAddress}]", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }
        Assert.Contains(server.LogLines, line => line.StartsWith("smtpd: lost connection after " + command, StringComparison.Ordinal)
            && line.EndsWith($" from unknown[{clientAddress}]", StringComparison.Ordinal));
        server.AssertNothingQueuedOrDelivered();
    }

    [Theory]
    [InlineData("NOOP\n")]
    [InlineData("MAIL FROM:<carol@elsewhere.example>\n")]
    public async Task A_command_ended_by_a_bare_lf_is_refused_when_bare_newlines_are_forbidden(string command)
    {
        var server = rejecting.Instance;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            await client.SendAsync(command + "NOOP\r\n");
            Assert.Equal("550 5.5.2 Error: bare <CR> or <LF> received", await client.ReadReplyAsync());
            Assert.True(await client.IsClosedByServerAsync());
        }
        server.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task A_command_ended_by_a_bare_lf_is_accepted_when_bare_newlines_are_normalized()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(normalizing.Instance.SmtpPort);
        await client.SendAsync("NOOP\nRSET\n");
        Assert.Equal("250 2.0.0 Ok", await client.ReadReplyAsync());
        Assert.Equal("250 2.0.0 Ok", await client.ReadReplyAsync());
        Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
    }

    [Fact]
    public async Task A_clean_message_passes_when_bare_newlines_are_forbidden()
    {
        await using var server = await TestServer.StartAsync("smtpd_forbid_bare_newline = reject");
        const string body = "Subject: clean\r\n\r\nOnly CRLF here.\r\n..and a stuffed dot.\r\n";
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            await client.SendAsync("MAIL FROM:<carol@elsewhere.example>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
            Assert.Equal("250 2.1.0 Ok", await client.ReadReplyAsync());
            Assert.Equal("250 2.1.5 Ok", await client.ReadReplyAsync());
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.ReadReplyAsync());
            Assert.StartsWith(QueuedPrefix, await client.CommandAsync(body + "."));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        var delivered = MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync("alice", 1)), out _);
        Assert.Equal("Subject: clean\r\n\r\nOnly CRLF here.\r\n.and a stuffed dot.\r\n", Encoding.UTF8.GetString(delivered));
    }

    /// <summary>RFC 5321 4.5.2: the server removes the first dot of every line that starts with one; <c>.CRLF</c> alone is an empty message.</summary>
    [Theory]
    [InlineData("Subject: dots\r\n\r\n..leading dot\r\n...two dots\r\n..\r\nmiddle. dot.\r\n.\r\n", "Subject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nmiddle. dot.\r\n")]
    [InlineData("..\r\n.\r\n", ".\r\n")]
    [InlineData("..x\r\n.\r\n", ".x\r\n")]
    [InlineData(".\r\n", "")]
    public async Task Dot_stuffed_lines_are_unstuffed_and_an_empty_message_is_accepted(string afterData, string stored)
    {
        var server = normalizing.Instance;
        var before = server.MessagesOf("alice");
        string queued;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.CommandAsync("DATA"));
            await client.SendAsync(afterData);
            queued = await client.ReadReplyAsync();
            Assert.StartsWith(QueuedPrefix, queued);
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        var after = await server.WaitForMessagesAsync("alice", before.Count + 1);
        var delivered = MaildirMessage.WithoutOurReceived(Assert.Single(after.Except(before)), out var received);
        Assert.Contains(" id " + queued[QueuedPrefix.Length..], received);
        Assert.Equal(stored, Encoding.UTF8.GetString(delivered));
    }

    /// <summary>The real end of data split over several TCP writes is still found, and only there.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task The_end_of_data_is_found_when_it_arrives_in_pieces(int split)
    {
        var server = normalizing.Instance;
        var before = server.MessagesOf("alice");
        const string body = "Subject: pieces\r\n\r\nbody";
        const string end = "\r\n.\r\n";
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.CommandAsync("DATA"));
            await client.SendAsync(body + end[..split]);
            await Task.Delay(50);
            await client.SendAsync(end[split..]);
            Assert.StartsWith(QueuedPrefix, await client.ReadReplyAsync());
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        var after = await server.WaitForMessagesAsync("alice", before.Count + 1);
        var delivered = MaildirMessage.WithoutOurReceived(Assert.Single(after.Except(before)), out _);
        Assert.Equal(body + "\r\n", Encoding.UTF8.GetString(delivered));
    }

    /// <summary>Default <c>smtpd_forbid_bare_newline</c> (normalize).</summary>
    public sealed class NormalizingServer : IAsyncLifetime
    {
        public TestServer Instance { get; private set; } = null!;

        public async Task InitializeAsync() => Instance = await TestServer.StartAsync();

        public async Task DisposeAsync() => await Instance.DisposeAsync();
    }

    /// <summary><c>smtpd_forbid_bare_newline = reject</c>; nothing is ever queued on it.</summary>
    public sealed class RejectingServer : IAsyncLifetime
    {
        public TestServer Instance { get; private set; } = null!;

        public async Task InitializeAsync() => Instance = await TestServer.StartAsync("smtpd_forbid_bare_newline = reject");

        public async Task DisposeAsync() => await Instance.DisposeAsync();
    }
}
