using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary>
/// Every way the server says no (RFC 5321 4.2, 4.3.2; Postfix's reply texts): unknown users, relay attempts and
/// the classic address tricks, commands out of sequence, syntax errors, the hard error limit. Each asserts the
/// exact reply, that the dialogue stays usable, and that nothing was queued or delivered.
/// </summary>
/// <remarks>
/// The tests that share <see cref="Server"/> never queue anything, so "nothing queued" holds for the whole
/// shared server; the one test that must queue starts its own.
/// </remarks>
public sealed class RejectPathTests(RejectPathTests.Server shared) : IClassFixture<RejectPathTests.Server>
{
    private const string Outsider = "127.0.0.2";
    private const string Trusted = "127.0.0.1";

    private TestServer Mx => shared.Instance;

    [Theory]
    [InlineData(Trusted)]
    [InlineData(Outsider)]
    public async Task An_unknown_local_user_is_refused_for_any_client(string clientAddress)
    {
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(Mx.SmtpPort, clientAddress))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown", await client.CommandAsync("RCPT TO:<nobody@example.test>"));
            Assert.Equal("503 5.5.1 Error: need RCPT command", await client.CommandAsync("DATA"));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        Mx.AssertNothingQueuedOrDelivered();
        Assert.Contains($"smtpd: NOQUEUE: reject: RCPT from unknown[{clientAddress}]: 550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown "
            + "(local recipient table: unknown user); from=<carol@elsewhere.example> to=<nobody@example.test> proto=ESMTP helo=<client.example>", Mx.LogLines);
    }

    /// <summary>
    /// An outsider may only send to our own users. A local part that still routes (<c>%</c>, <c>!</c>, a quoted <c>@</c>)
    /// is relaying in disguise: 554 Relay access denied. A source route is ignored (the final address decides), and an
    /// address literal is local only when it is one of our listening addresses (127.0.0.1 here; ::1 is not).
    /// </summary>
    [Theory]
    [InlineData("<x@other.example>", "554 5.7.1 <x@other.example>: Relay access denied")]
    [InlineData("<X@OTHER.EXAMPLE>", "554 5.7.1 <X@OTHER.EXAMPLE>: Relay access denied")]
    [InlineData("<victim%other.example@example.test>", "554 5.7.1 <victim%other.example@example.test>: Relay access denied")]
    [InlineData("<other.example!victim@example.test>", "554 5.7.1 <other.example!victim@example.test>: Relay access denied")]
    [InlineData("<@example.test:victim@other.example>", "554 5.7.1 <victim@other.example>: Relay access denied")]
    [InlineData("<@example.test,@localhost:victim2@other.example>", "554 5.7.1 <victim2@other.example>: Relay access denied")]
    [InlineData("<@other.example:victim@example.test>", "550 5.1.1 <victim@example.test>: Recipient address rejected: User unknown")]
    [InlineData("<\"victim@other.example\"@example.test>", "554 5.7.1 <\"victim@other.example\"@example.test>: Relay access denied")]
    [InlineData("<\"victim%other.example\"@localhost>", "554 5.7.1 <victim%other.example@localhost>: Relay access denied")]
    [InlineData("<victim@[127.0.0.1]>", "550 5.1.1 <victim@[127.0.0.1]>: Recipient address rejected: User unknown")]
    [InlineData("<victim@[IPv6:::1]>", "554 5.7.1 <victim@[IPv6:::1]>: Relay access denied")]
    [InlineData("<victim@other.example.>", "554 5.7.1 <victim@other.example>: Relay access denied")]
    [InlineData("<victim@other.example@example.test>", "554 5.7.1 <\"victim@other.example\"@example.test>: Relay access denied")]
    [InlineData("<victim@example.test.other.example>", "554 5.7.1 <victim@example.test.other.example>: Relay access denied")]
    public async Task An_outsider_cannot_relay_with_classic_tricks(string path, string expected)
    {
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(Mx.SmtpPort, Outsider))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<spammer@evil.example>"));
            Assert.Equal(expected, await client.CommandAsync("RCPT TO:" + path));
            Assert.Equal("503 5.5.1 Error: need RCPT command", await client.CommandAsync("DATA"));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        Mx.AssertNothingQueuedOrDelivered();
        if (!expected.StartsWith("501 ", StringComparison.Ordinal))
        {
            var address = expected[(expected.IndexOf('<') + 1)..expected.IndexOf(">:", StringComparison.Ordinal)];
            var reason = expected.StartsWith("554 ", StringComparison.Ordinal)
                ? "(smtpd_relay_restrictions: reject_unauth_destination)"
                : "(local recipient table: unknown user)";
            Assert.Contains($"smtpd: NOQUEUE: reject: RCPT from unknown[{Outsider}]: {expected} {reason}; from=<spammer@evil.example> to=<{address}> proto=ESMTP helo=<client.example>",
                Mx.LogLines);
        }
    }

    /// <summary>The other side of the relay rule: anyone may write to our users, however the address is spelled.</summary>
    [Theory]
    [InlineData("<alice@example.test>")]
    [InlineData("<ALICE@Example.TEST>")]
    [InlineData("<\"alice\"@localhost>")]
    [InlineData("<postmaster>")]
    [InlineData("<Postmaster@example.test>")]
    [InlineData("<mailer-daemon@localhost>")]
    [InlineData("<@other.example:bob@example.test>")]
    public async Task An_outsider_may_write_to_local_users(string path)
    {
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(Mx.SmtpPort, Outsider))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:" + path));
            Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("RSET"));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        Mx.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task A_forged_local_sender_does_not_let_an_outsider_relay()
    {
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(Mx.SmtpPort, Outsider))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<alice@example.test>"));
            Assert.Equal("554 5.7.1 <forged@other.example>: Relay access denied", await client.CommandAsync("RCPT TO:<forged@other.example>"));
            Assert.Equal("503 5.5.1 Error: need RCPT command", await client.CommandAsync("DATA"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<bob@example.test>")); // our own user: fine, whoever claims to send
            Assert.Equal("554 5.7.1 <forged2@other.example>: Relay access denied", await client.CommandAsync("RCPT TO:<forged2@other.example>"));
            Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("RSET"));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        Mx.AssertNothingQueuedOrDelivered();
        Assert.Contains($"smtpd: NOQUEUE: reject: RCPT from unknown[{Outsider}]: 554 5.7.1 <forged@other.example>: Relay access denied "
            + "(smtpd_relay_restrictions: reject_unauth_destination); from=<alice@example.test> to=<forged@other.example> proto=ESMTP helo=<client.example>", Mx.LogLines);
    }

    /// <summary>Commands out of sequence, after EHLO and the given (successful) commands; the dialogue goes on afterwards.</summary>
    [Theory]
    [InlineData(new string[0], "DATA", "503 5.5.1 Error: need MAIL command")]
    [InlineData(new string[0], "RCPT TO:<alice@example.test>", "503 5.5.1 Error: need MAIL command")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>" }, "MAIL FROM:<a@b.example>", "503 5.5.1 Error: nested MAIL command")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>", "RCPT TO:<alice@example.test>" }, "MAIL FROM:<c@d.example>", "503 5.5.1 Error: nested MAIL command")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>" }, "DATA", "503 5.5.1 Error: need RCPT command")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>", "RCPT TO:<alice@example.test>", "RSET" }, "DATA", "503 5.5.1 Error: need MAIL command")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>", "RCPT TO:<alice@example.test>", "EHLO again.example" }, "RCPT TO:<bob@example.test>", "503 5.5.1 Error: need MAIL command")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>" }, "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "503 5.5.1 Error: MAIL transaction in progress")]
    public Task Commands_out_of_sequence_get_503(string[] before, string command, string expected) =>
        RefusedThenSessionGoesOnAsync(before, command, expected);

    [Theory]
    [InlineData("MAIL FROM:<a@b.example>")]
    [InlineData("RCPT TO:<alice@example.test>")]
    [InlineData("DATA")]
    [InlineData("BDAT 0 LAST")]
    [InlineData("AUTH PLAIN AGFsaWNlAHNlY3JldA==")]
    public async Task Mail_commands_before_helo_get_503(string command)
    {
        await using (var client = await RawSmtpClient.ConnectAsync(Mx.SmtpPort, Outsider))
        {
            Assert.Equal("220 mx.example.test ESMTP Sekisho", await client.ReadReplyAsync());
            Assert.Equal("503 5.5.1 Error: send HELO/EHLO first", await client.CommandAsync(command));
            Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
            Assert.Equal("250 mx.example.test", await client.CommandAsync("HELO client.example"));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        Mx.AssertNothingQueuedOrDelivered();
    }

    /// <summary>Syntax errors, after EHLO and the given (successful) commands; the dialogue goes on afterwards.</summary>
    [Theory]
    [InlineData(new string[0], "MAIL FROM:<@relay.example:alice>", "501 5.1.7 Bad sender address syntax")]
    [InlineData(new string[0], "MAIL FROM:<alice@>", "501 5.1.7 Bad sender address syntax")]
    [InlineData(new string[0], "MAIL FROM:<a@b..example>", "501 5.1.7 Bad sender address syntax")]
    [InlineData(new string[0], "MAIL FROM:<a@@b.example>", "501 5.1.7 Bad sender address syntax")]
    [InlineData(new string[0], "MAIL FROM:<a b@c.example>", "501 5.1.7 Bad sender address syntax")]
    [InlineData(new string[0], "MAIL FROM:<.a@b.example>", "501 5.1.7 Bad sender address syntax")]
    [InlineData(new string[0], "MAIL FROM:<a@-b.example>", "501 5.1.7 Bad sender address syntax")]
    [InlineData(new string[0], "MAIL FROM:<a@[300.1.1.1]>", "501 5.1.7 Bad sender address syntax")]
    [InlineData(new string[0], "MAIL FROM:<alice", "501 5.5.4 Syntax: MAIL FROM:<address>")]
    [InlineData(new string[0], "MAIL FROM:<a@b.example>junk", "501 5.5.4 Syntax: MAIL FROM:<address>")]
    [InlineData(new string[0], "MAIL FROM:a@b.example SIZE=10", "501 5.5.4 Syntax: MAIL FROM:<address>")]
    [InlineData(new string[0], "MAIL FROM:", "501 5.5.4 Syntax: MAIL FROM:<address>")]
    [InlineData(new string[0], "MAIL", "501 5.5.4 Syntax: MAIL FROM:<address>")]
    [InlineData(new string[0], "MAIL TO:<a@b>", "501 5.5.4 Syntax: MAIL FROM:<address>")]
    [InlineData(new string[0], "MAIL FROM:<a@b.example> =x", "501 5.5.4 Syntax: MAIL FROM:<address>")]
    [InlineData(new string[0], "MAIL FROM:<a@b.example> FOO=bar", "555 5.5.4 Unsupported option: FOO=bar")]
    [InlineData(new string[0], "MAIL FROM:<a@b.example> BODY=9BIT", "555 5.5.4 Unsupported option: BODY=9BIT")]
    [InlineData(new string[0], "MAIL FROM:<a@b.example> SMTPUTF8=yes", "555 5.5.4 Unsupported option: SMTPUTF8=yes")]
    [InlineData(new string[0], "MAIL FROM:<a@b.example> SIZE=abc", "501 5.5.4 Bad message size syntax")]
    [InlineData(new string[0], "MAIL FROM:<a@b.example> SIZE=-1", "501 5.5.4 Bad message size syntax")]
    [InlineData(new string[0], "MAIL FROM:<a@b.example> SIZE", "501 5.5.4 Bad message size syntax")]
    [InlineData(new string[0], "MAIL FROM:<ユーザー@example.test>", "553 5.6.7 <ユーザー@example.test>: Address contains UTF-8 but the transaction did not ask for SMTPUTF8")]
    [InlineData(new string[0], "MAIL FROM:<carol@例え.jp>", "553 5.6.7 <carol@例え.jp>: Address contains UTF-8 but the transaction did not ask for SMTPUTF8")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>" }, "RCPT TO:<ユーザー@example.test>", "553 5.6.7 <ユーザー@example.test>: Address contains UTF-8 but the transaction did not ask for SMTPUTF8")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>" }, "RCPT TO:<alice@example.test> NOTIFY=NEVER,SUCCESS", "501 5.5.4 Error: Bad NOTIFY parameter syntax")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>" }, "RCPT TO:<alice@example.test> ORCPT=alice@example.test", "501 5.5.4 Error: Bad ORCPT parameter syntax")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>" }, "RCPT TO:<alice@example.test> XYZ=1", "555 5.5.4 Unsupported option: XYZ=1")]
    [InlineData(new string[0], "MAIL FROM:<a@b.example> RET=ALL", "501 5.5.4 Bad RET parameter syntax")]
    [InlineData(new string[0], "MAIL FROM:<a@b.example> ENVID=a+0Ab", "501 5.5.4 Bad ENVID parameter syntax")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>" }, "RCPT TO:<nobody@>", "501 5.1.3 Bad recipient address syntax")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>" }, "RCPT TO:<>", "501 5.1.3 Bad recipient address syntax")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>" }, "RCPT TO:<alice@example..test>", "501 5.1.3 Bad recipient address syntax")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>" }, "RCPT FROM:<alice@example.test>", "501 5.5.4 Syntax: RCPT TO:<address>")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>" }, "RCPT TO:<alice@example.test", "501 5.5.4 Syntax: RCPT TO:<address>")]
    [InlineData(new string[0], "FOO", "500 5.5.2 Error: command not recognized")]
    [InlineData(new string[0], "FOO bar", "500 5.5.2 Error: command not recognized")]
    [InlineData(new string[0], "MAILFROM:<a@b.example>", "500 5.5.2 Error: command not recognized")]
    [InlineData(new string[0], "", "500 5.5.2 Error: bad syntax")]
    [InlineData(new string[0], "NO\0OP", "500 5.5.2 Error: bad syntax")]
    [InlineData(new string[0], "EHLO", "501 5.5.4 Syntax: EHLO hostname")]
    [InlineData(new string[0], "HELO", "501 5.5.4 Syntax: HELO hostname")]
    [InlineData(new string[0], "VRFY", "501 5.5.4 Syntax: VRFY address")]
    [InlineData(new[] { "MAIL FROM:<a@b.example>", "RCPT TO:<alice@example.test>" }, "DATA now", "501 5.5.4 Syntax: DATA")]
    public Task Syntax_errors_get_the_exact_reply(string[] before, string command, string expected) =>
        RefusedThenSessionGoesOnAsync(before, command, expected);

    /// <summary>After the commands in <paramref name="before"/> succeed, <paramref name="command"/> gets exactly
    /// <paramref name="expected"/>, the dialogue goes on, and nothing is queued.</summary>
    private async Task RefusedThenSessionGoesOnAsync(string[] before, string command, string expected)
    {
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(Mx.SmtpPort, Outsider))
        {
            foreach (var line in before)
            {
                Assert.StartsWith("250", await client.CommandAsync(line));
            }
            Assert.Equal(expected, await client.CommandAsync(command));
            Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        Mx.AssertNothingQueuedOrDelivered();
    }

    /// <summary>Commands this server answers without doing anything: no AUTH yet, and VRFY never tells who exists.</summary>
    [Theory]
    [InlineData("AUTH PLAIN AGFsaWNlAHNlY3JldA==", "538 5.7.11 Encryption required for requested authentication mechanism")]
    [InlineData("AUTH LOGIN", "538 5.7.11 Encryption required for requested authentication mechanism")]
    [InlineData("VRFY alice", "252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery")]
    [InlineData("VRFY <nobody@example.test>", "252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery")]
    [InlineData("EXPN staff", "502 5.5.1 Error: command not implemented")]
    public async Task Commands_that_do_nothing_say_so(string command, string expected)
    {
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(Mx.SmtpPort, Outsider))
        {
            Assert.Equal(expected, await client.CommandAsync(command));
            Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        Mx.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task Ehlo_does_not_offer_auth()
    {
        await using var client = await RawSmtpClient.ConnectAsync(Mx.SmtpPort, Outsider);
        Assert.Equal("220 mx.example.test ESMTP Sekisho", await client.ReadReplyAsync());
        var ehlo = (await client.CommandAsync("EHLO client.example")).Split('\n');
        Assert.Equal("250-mx.example.test", ehlo[0]);
        Assert.DoesNotContain(ehlo, line => line[4..].StartsWith("AUTH", StringComparison.Ordinal));
        Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
    }

    /// <summary>
    /// With <c>smtpd_hard_error_limit = 3</c> the third error reply is followed by 421 and the connection is closed;
    /// successful replies in between do not reset the count, and pipelined commands after it are not answered.
    /// </summary>
    [Fact]
    public async Task The_hard_error_limit_closes_the_connection()
    {
        await using var server = await TestServer.StartAsync("smtpd_hard_error_limit = 3");
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Outsider))
        {
            Assert.Equal("500 5.5.2 Error: command not recognized", await client.CommandAsync("FOO"));
            Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
            Assert.Equal("503 5.5.1 Error: need MAIL command", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            await client.SendAsync("MAIL TO:<a@b>\r\nNOOP\r\nMAIL FROM:<a@b.example>\r\n");
            Assert.Equal("501 5.5.4 Syntax: MAIL FROM:<address>", await client.ReadReplyAsync());
            Assert.Equal("421 4.7.0 mx.example.test Error: too many errors", await client.ReadReplyAsync());
            Assert.True(await client.IsClosedByServerAsync());
        }
        server.AssertNothingQueuedOrDelivered();
        Assert.Contains(server.LogLines, line => line.StartsWith("smtpd: too many errors after ", StringComparison.Ordinal) && line.EndsWith($" from unknown[{Outsider}]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rejected_recipients_count_towards_the_hard_error_limit()
    {
        await using var server = await TestServer.StartAsync("smtpd_hard_error_limit = 3");
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Outsider))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<harvester@evil.example>"));
            Assert.Equal("550 5.1.1 <a@example.test>: Recipient address rejected: User unknown", await client.CommandAsync("RCPT TO:<a@example.test>"));
            Assert.Equal("550 5.1.1 <b@example.test>: Recipient address rejected: User unknown", await client.CommandAsync("RCPT TO:<b@example.test>"));
            Assert.Equal("550 5.1.1 <c@example.test>: Recipient address rejected: User unknown", await client.CommandAsync("RCPT TO:<c@example.test>"));
            Assert.Equal("421 4.7.0 mx.example.test Error: too many errors", await client.ReadReplyAsync());
            Assert.True(await client.IsClosedByServerAsync());
        }
        server.AssertNothingQueuedOrDelivered();
    }

    /// <summary>A trusted client may relay; with no outbound transport yet the message waits in the deferred queue.</summary>
    [Fact]
    public async Task Mail_from_a_trusted_client_to_a_remote_domain_is_accepted_and_deferred()
    {
        await using var server = await TestServer.StartAsync();
        string queueId;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Trusted))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<alice@example.test>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<friend@remote.example>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.CommandAsync("DATA"));
            var queued = await client.CommandAsync("Subject: out\r\n\r\nTo the world.\r\n.");
            Assert.StartsWith("250 2.0.0 Ok: queued as ", queued);
            queueId = queued["250 2.0.0 Ok: queued as ".Length..];
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.QueueFiles("deferred").Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }
        var deferred = Assert.Single(server.QueueFiles("deferred"));
        Assert.Equal(queueId, Path.GetFileName(deferred));
        Assert.Contains("To the world.", File.ReadAllText(deferred));
        Assert.Equal(1, server.QueuedCount());
        Assert.Empty(server.MessagesOf("alice"));
        Assert.Contains(server.LogLines, line => line.StartsWith($"qmgr: {queueId}: to=<friend@remote.example>, relay=none, ", StringComparison.Ordinal) && line.Contains(", status=deferred ("));
    }

    /// <summary>One server for the tests that never queue anything.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public TestServer Instance { get; private set; } = null!;

        public async Task InitializeAsync() => Instance = await TestServer.StartAsync();

        public async Task DisposeAsync() => await Instance.DisposeAsync();
    }
}
