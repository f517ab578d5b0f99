using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary>
/// CHUNKING (RFC 3030): <c>BDAT size [LAST]</c> followed by exactly that many bytes, stored as they are (no
/// dot-stuffing, no end marker). The bytes of a refused chunk are still read, so the dialogue stays in step.
/// </summary>
/// <remarks>
/// <see cref="DeliveringServer"/> is shared by tests that each look only at the message they sent;
/// <see cref="RefusingServer"/> (<c>message_size_limit = 1000</c>, bare newlines rejected) by tests after which
/// nothing may be queued.
/// </remarks>
public sealed class ChunkingTests(ChunkingTests.DeliveringServer delivering, ChunkingTests.RefusingServer refusing)
    : IClassFixture<ChunkingTests.DeliveringServer>, IClassFixture<ChunkingTests.RefusingServer>
{
    private const string QueuedPrefix = "250 2.0.0 Ok: queued as ";

    /// <summary>Content that DATA would treat specially; BDAT must not.</summary>
    private const string Message = "Subject: chunked\r\n\r\nfirst\r\n.\r\nMAIL FROM:<spoof@example.test>\r\n..two dots stay\r\n.\r\n";

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(26)] // between the CR and the LF of "first\r\n"
    [InlineData(27)] // right after "first\r\n": the next chunk starts with ".\r\n"
    [InlineData(70)]
    [InlineData(82)] // the whole message in the first chunk, then BDAT 0 LAST
    public async Task A_message_in_two_chunks_is_delivered_byte_for_byte(int split)
    {
        var server = delivering.Instance;
        var bytes = Encoding.ASCII.GetBytes(Message);
        Assert.Equal(82, bytes.Length);
        var before = server.MessagesOf("alice");
        string queued;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.Equal($"250 2.0.0 Ok: {split} bytes", await ChunkAsync(client, Message[..split]));
            queued = await ChunkAsync(client, Message[split..], last: true);
            Assert.StartsWith(QueuedPrefix, queued);
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        var after = await server.WaitForMessagesAsync("alice", before.Count + 1);
        var delivered = MaildirMessage.WithoutOurReceived(Assert.Single(after.Except(before)), out var received);
        Assert.Equal(bytes, delivered);
        Assert.Contains(" id " + queued[QueuedPrefix.Length..], received);
        Assert.Contains("for <alice@example.test>", received);
        Assert.Empty(server.MessagesOf("bob"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(150_000)]
    public async Task A_message_in_one_last_chunk_is_delivered_byte_for_byte(int length)
    {
        var server = delivering.Instance;
        var line = "0123456789abcdefghijklmnopqrstuvwxyz.\r\n";
        var content = string.Concat(Enumerable.Repeat(line, length / line.Length + 1))[..length];
        var before = server.MessagesOf("alice");
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.StartsWith(QueuedPrefix, await ChunkAsync(client, content, last: true));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        var after = await server.WaitForMessagesAsync("alice", before.Count + 1);
        Assert.Equal(content, Encoding.ASCII.GetString(MaildirMessage.WithoutOurReceived(Assert.Single(after.Except(before)), out _)));
    }

    [Fact]
    public async Task Pipelined_chunks_whose_content_looks_like_commands_are_content()
    {
        var server = delivering.Instance;
        const string first = "Subject: pipelined chunks\r\n\r\nQUIT\r\n";
        const string last = "RSET\r\nMAIL FROM:<spoof@example.test>\r\n";
        var before = server.MessagesOf("bob");
        string[] replies;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            await client.SendAsync("MAIL FROM:<carol@elsewhere.example>\r\nRCPT TO:<bob@example.test>\r\n"
                + $"BDAT {first.Length}\r\n{first}BDAT {last.Length} LAST\r\n{last}QUIT\r\n");
            replies = [await client.ReadReplyAsync(), await client.ReadReplyAsync(), await client.ReadReplyAsync(), await client.ReadReplyAsync(), await client.ReadReplyAsync()];
            Assert.True(await client.IsClosedByServerAsync());
        }
        Assert.Equal(["250 2.1.0 Ok", "250 2.1.5 Ok", $"250 2.0.0 Ok: {first.Length} bytes"], replies[..3]);
        Assert.StartsWith(QueuedPrefix, replies[3]);
        Assert.Equal("221 2.0.0 Bye", replies[4]);
        var after = await server.WaitForMessagesAsync("bob", before.Count + 1);
        Assert.Equal(first + last, Encoding.ASCII.GetString(MaildirMessage.WithoutOurReceived(Assert.Single(after.Except(before)), out _)));
    }

    /// <summary>Under the default policy a bare CR or LF in a chunk is stored as CRLF, also when it ends the last chunk.</summary>
    [Fact]
    public async Task Bare_newlines_in_chunks_are_normalized_by_default()
    {
        var server = delivering.Instance;
        var before = server.MessagesOf("alice");
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.Equal("250 2.0.0 Ok: 6 bytes", await ChunkAsync(client, "a\nb\rc\r"));
            Assert.StartsWith(QueuedPrefix, await ChunkAsync(client, "d\r", last: true));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        var after = await server.WaitForMessagesAsync("alice", before.Count + 1);
        Assert.Equal("a\r\nb\r\nc\r\nd\r\n", Encoding.ASCII.GetString(MaildirMessage.WithoutOurReceived(Assert.Single(after.Except(before)), out _)));
    }

    /// <summary>During a chunked transaction these commands are out of sequence; the transaction survives them.</summary>
    [Theory]
    [InlineData("DATA", "503 5.5.1 Error: DATA after BDAT")]
    [InlineData("RCPT TO:<bob@example.test>", "503 5.5.1 Error: RCPT after BDAT")]
    [InlineData("MAIL FROM:<dave@elsewhere.example>", "503 5.5.1 Error: nested MAIL command")]
    [InlineData("EHLO client.example", "503 5.5.1 Error: BDAT in progress")]
    public async Task Commands_out_of_sequence_during_bdat_get_503_and_the_message_continues(string command, string expected)
    {
        var server = delivering.Instance;
        var before = server.MessagesOf("alice");
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.Equal("250 2.0.0 Ok: 7 bytes", await ChunkAsync(client, "hello\r\n"));
            Assert.Equal(expected, await client.CommandAsync(command));
            Assert.StartsWith(QueuedPrefix, await ChunkAsync(client, "world\r\n", last: true));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        var after = await server.WaitForMessagesAsync("alice", before.Count + 1);
        Assert.Equal("hello\r\nworld\r\n", Encoding.ASCII.GetString(MaildirMessage.WithoutOurReceived(Assert.Single(after.Except(before)), out _)));
        Assert.Empty(server.MessagesOf("bob"));
    }

    [Fact]
    public async Task Data_after_bdat_then_rset_queues_nothing()
    {
        var server = refusing.Instance;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.Equal("250 2.0.0 Ok: 7 bytes", await ChunkAsync(client, "hello\r\n"));
            Assert.Equal("503 5.5.1 Error: DATA after BDAT", await client.CommandAsync("DATA"));
            Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("RSET"));
            Assert.Equal("503 5.5.1 Error: need MAIL command", await ChunkAsync(client, "world\r\n", last: true));
            Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        server.AssertNothingQueuedOrDelivered();
    }

    /// <summary>A chunk out of sequence is refused, but its bytes (here: commands) are read and dropped, never executed.</summary>
    [Theory]
    [InlineData(new string[0], "503 5.5.1 Error: need MAIL command")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>" }, "503 5.5.1 Error: need RCPT command")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>", "RCPT TO:<nobody@example.test>" }, "503 5.5.1 Error: need RCPT command")]
    public async Task Bdat_out_of_sequence_consumes_its_bytes_and_the_dialogue_stays_in_step(string[] before, string expected)
    {
        var server = refusing.Instance;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            foreach (var line in before)
            {
                await client.CommandAsync(line);
            }
            Assert.Equal(expected, await ChunkAsync(client, "QUIT\r\nQUIT\r\n", last: true));
            Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        server.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task Bdat_before_helo_consumes_its_bytes()
    {
        var server = refusing.Instance;
        await using (var client = await RawSmtpClient.ConnectAsync(server.SmtpPort))
        {
            Assert.StartsWith("220 ", await client.ReadReplyAsync());
            Assert.Equal("503 5.5.1 Error: send HELO/EHLO first", await ChunkAsync(client, "NOOP\r\n"));
            Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        server.AssertNothingQueuedOrDelivered();
    }

    /// <summary>A chunked message whose connection is lost before the LAST chunk is complete is never queued.</summary>
    [Fact]
    public async Task A_chunked_message_cut_off_by_a_lost_connection_is_not_queued()
    {
        var server = refusing.Instance;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.3"))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.Equal("250 2.0.0 Ok: 7 bytes", await ChunkAsync(client, "hello\r\n"));
            await client.SendAsync("BDAT 100 LAST\r\nnot quite a hundred bytes");
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!server.LogLines.Any(line => line.StartsWith("smtpd: disconnect from unknown[127.0.0.3]", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }
        server.AssertNothingQueuedOrDelivered();
    }

    /// <summary>Without a readable size the server cannot tell where the next command starts, so it hangs up.</summary>
    [Theory]
    [InlineData("BDAT abc")]
    [InlineData("BDAT")]
    [InlineData("BDAT -1")]
    [InlineData("BDAT +5")]
    [InlineData("BDAT 1.5")]
    [InlineData("BDAT 0x10")]
    [InlineData("BDAT 10 FIRST")]
    [InlineData("BDAT 10 LAST now")]
    [InlineData("BDAT 1234567890123456789")]
    public async Task Bdat_with_a_bad_size_gets_501_and_the_connection_closes(string command)
    {
        var server = refusing.Instance;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            await client.SendAsync(command + "\r\nhello\r\n");
            Assert.Equal("501 5.5.4 Syntax: BDAT count [LAST]", await client.ReadReplyAsync());
            Assert.True(await client.IsClosedByServerAsync());
        }
        server.AssertNothingQueuedOrDelivered();
    }

    /// <summary>
    /// Over <c>message_size_limit = 1000</c> (the Received: header counts too): 552, the bytes are read, the transaction
    /// ends. (A single chunk declared larger than the limit is not read at all: see OversizeInputTests.)
    /// </summary>
    [Theory]
    [InlineData(new[] { 990 }, 0)]
    [InlineData(new[] { 600, 600 }, 1)]
    public async Task Chunks_over_the_size_limit_get_552_and_nothing_is_queued(int[] chunks, int refusedChunk)
    {
        var server = refusing.Instance;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            for (var i = 0; i < chunks.Length; i++)
            {
                var reply = await ChunkAsync(client, new string('x', chunks[i]), last: i == chunks.Length - 1);
                Assert.Equal(i == refusedChunk ? "552 5.3.4 Error: message file too big" : $"250 2.0.0 Ok: {chunks[i]} bytes", reply);
            }
            Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
            Assert.Equal("503 5.5.1 Error: need MAIL command", await client.CommandAsync("DATA")); // the refusal ended the transaction
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        server.AssertNothingQueuedOrDelivered();
        Assert.Contains("smtpd: NOQUEUE: reject: BDAT from unknown[127.0.0.1]: 552 5.3.4 Error: message file too big; from=<carol@elsewhere.example> proto=ESMTP helo=<client.example>", server.LogLines);
    }

    /// <summary>With <c>smtpd_forbid_bare_newline = reject</c> a bare CR or LF anywhere in a chunk ends the session.</summary>
    [Theory]
    [InlineData(null, "a\nbc")]
    [InlineData("ok\r\n", "a\rb")]
    [InlineData(null, "\n")]
    [InlineData(null, "abc\r")] // a CR ending the LAST chunk has no LF to pair with
    [InlineData("abc\r", "d")] // nor one followed by the next chunk's first byte
    public async Task A_bare_newline_in_a_chunk_gets_550_and_the_connection_closes(string? firstChunk, string lastChunk)
    {
        var server = refusing.Instance;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            if (firstChunk is not null)
            {
                Assert.Equal($"250 2.0.0 Ok: {firstChunk.Length} bytes", await ChunkAsync(client, firstChunk));
            }
            await client.SendAsync($"BDAT {lastChunk.Length} LAST\r\n{lastChunk}NOOP\r\n");
            Assert.Equal("550 5.5.2 Error: bare <CR> or <LF> received", await client.ReadReplyAsync());
            Assert.True(await client.IsClosedByServerAsync());
        }
        server.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task A_crlf_split_across_chunks_is_not_a_bare_newline()
    {
        await using var server = await TestServer.StartAsync("smtpd_forbid_bare_newline = reject");
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.Equal("250 2.0.0 Ok: 6 bytes", await ChunkAsync(client, "hello\r"));
            Assert.StartsWith(QueuedPrefix, await ChunkAsync(client, "\n", last: true));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        Assert.Equal("hello\r\n", Encoding.ASCII.GetString(MaildirMessage.WithoutOurReceived(Assert.Single(await server.WaitForMessagesAsync("alice", 1)), out _)));
    }

    /// <summary>Sends <c>BDAT size [LAST]</c> and the chunk, and reads the reply.</summary>
    private static async Task<string> ChunkAsync(RawSmtpClient client, string content, bool last = false)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        await client.SendAsync([.. Encoding.ASCII.GetBytes($"BDAT {bytes.Length}{(last ? " LAST" : "")}\r\n"), .. bytes]);
        return await client.ReadReplyAsync();
    }

    public sealed class DeliveringServer : IAsyncLifetime
    {
        public TestServer Instance { get; private set; } = null!;

        public async Task InitializeAsync() => Instance = await TestServer.StartAsync();

        public async Task DisposeAsync() => await Instance.DisposeAsync();
    }

    /// <summary>Small size limit, bare newlines rejected; nothing is ever queued on it.</summary>
    public sealed class RefusingServer : IAsyncLifetime
    {
        public TestServer Instance { get; private set; } = null!;

        public async Task InitializeAsync() => Instance = await TestServer.StartAsync("message_size_limit = 1000\nsmtpd_forbid_bare_newline = reject");

        public async Task DisposeAsync() => await Instance.DisposeAsync();
    }
}
