using System.Text;
using Sekisho.Delivery.Smtp;
using Sekisho.Queue;

namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>Delivery through MailKit to scripted servers on loopback, found through the test DNS responder.</summary>
public sealed class SmtpTransportTests : IDisposable
{
    private static readonly byte[] Message = Encoding.ASCII.GetBytes(
        "Received: from client.test (client.test [127.0.0.1])\r\n\tby me.test (Sekisho) with ESMTP id ABC\r\n" +
        "From: alice@here.test\r\nTo: bob@example.test\r\nSubject: =?utf-8?q?caf=C3=A9?=\r\nX-Spacing :  kept  \r\n\r\n" +
        "Hello.\r\n.A line that starts with a dot\r\n..two dots\r\n.\r\nThe end.\r\n");

    private readonly FakeDnsServer _dns = new();
    private readonly SpoolHarness _spool = new();
    private readonly List<FakeSmtpServer> _servers = [];
    private readonly int _port;

    public SmtpTransportTests()
    {
        var first = new FakeSmtpServer("127.0.0.2");
        _servers.Add(first);
        _port = first.Port;
        _dns.AddMx("example.test", 10, "mx.example.test").AddAddress("mx.example.test", "127.0.0.2");
    }

    public void Dispose()
    {
        _servers.ForEach(s => s.Dispose());
        _dns.Dispose();
        _spool.Dispose();
    }

    private FakeSmtpServer Primary => _servers[0];

    private FakeSmtpServer AddServer(string address)
    {
        var server = new FakeSmtpServer(address, _port);
        _servers.Add(server);
        return server;
    }

    private SmtpTransportOptions Options => new()
    {
        HeloName = "me.test",
        DefaultPort = _port,
        DnsServers = [_dns.EndPoint],
        DnsTimeout = TimeSpan.FromSeconds(2),
        UseIPv6 = false,
        Timeouts = new SmtpTimeouts { Connect = TimeSpan.FromSeconds(5), Helo = TimeSpan.FromSeconds(10) },
    };

    private Task<IReadOnlyList<RecipientResult>> DeliverAsync(SmtpTransportOptions options, byte[]? content = null, string sender = "alice@here.test",
        string[]? recipients = null, string bodyType = "7BIT") =>
        _spool.DeliverAsync(new SmtpTransport(options), content ?? Message, sender, recipients ?? ["bob@example.test"], bodyType);

    [Fact]
    public async Task The_queued_bytes_arrive_unchanged_and_dot_stuffed_on_the_wire()
    {
        var results = await DeliverAsync(Options);
        var result = Assert.Single(results);
        Assert.Equal(RecipientStatus.Sent, result.Status);
        Assert.Equal($"mx.example.test[127.0.0.2]:{_port}", result.Relay);
        Assert.Equal("250 2.0.0 Ok: queued as FAKE123", result.Detail);
        var received = Assert.Single(Primary.Messages);
        Assert.Equal(Message, received.Content.ToArray());
        var wire = Encoding.ASCII.GetString(received.Wire.ToArray());
        Assert.Contains("\r\n..A line that starts with a dot\r\n...two dots\r\n..\r\nThe end.\r\n", wire);
        Assert.Equal("MAIL FROM:<alice@here.test> SIZE=" + Message.Length, received.MailFrom);
        Assert.True(received.Pipelined);
        Assert.Contains("EHLO me.test", Primary.Commands);
    }

    [Fact]
    public async Task Bare_LF_and_bare_CR_are_sent_as_CRLF_so_nothing_can_be_smuggled()
    {
        var content = Encoding.ASCII.GetBytes("Subject: bare\nFrom: a@here.test\r\n\r\nline1\nline2\rline3\r\n.\nsmuggled\r.\rMAIL FROM:<x@y>\r\nno final newline");
        var results = await DeliverAsync(Options, content);
        Assert.Equal(RecipientStatus.Sent, Assert.Single(results).Status);
        var received = Assert.Single(Primary.Messages);
        Assert.Equal("Subject: bare\r\nFrom: a@here.test\r\n\r\nline1\r\nline2\r\nline3\r\n.\r\nsmuggled\r\n.\r\nMAIL FROM:<x@y>\r\nno final newline\r\n",
            Encoding.ASCII.GetString(received.Content.ToArray()));
        var wire = Encoding.ASCII.GetString(received.Wire.ToArray());
        Assert.DoesNotContain("\r\n.\r\n", wire);
        Assert.Contains("\r\n..\r\nsmuggled\r\n..\r\nMAIL", wire);
        Assert.Single(Primary.Commands, c => c.StartsWith("MAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_CHUNKING_the_message_goes_in_one_BDAT_with_the_same_bytes()
    {
        Primary.Extensions.Add("CHUNKING");
        var results = await DeliverAsync(Options, bodyType: "8BITMIME");
        Assert.Equal(RecipientStatus.Sent, Assert.Single(results).Status);
        var received = Assert.Single(Primary.Messages);
        Assert.True(received.Chunked);
        Assert.Equal(Message, received.Content.ToArray());
        Assert.Contains(Primary.Commands, c => c == $"BDAT {Message.Length} LAST");
    }

    [Fact]
    public async Task An_8bit_message_is_announced_with_BODY_8BITMIME()
    {
        var content = Encoding.UTF8.GetBytes("Subject: café\r\n\r\nnaïve\r\n");
        await DeliverAsync(Options, content, bodyType: "8BITMIME");
        var received = Assert.Single(Primary.Messages);
        Assert.Contains("BODY=8BITMIME", received.MailFrom);
        Assert.Equal(content, received.Content.ToArray());
    }

    [Fact]
    public async Task A_message_without_a_body_gets_the_blank_line_after_its_header()
    {
        var content = Encoding.ASCII.GetBytes("Subject: header only\r\n");
        await DeliverAsync(Options, content);
        Assert.Equal("Subject: header only\r\n\r\n", Encoding.ASCII.GetString(Assert.Single(Primary.Messages).Content.ToArray()));
    }

    [Fact]
    public async Task Each_recipient_gets_its_own_RCPT_result()
    {
        Primary.RcptReply = line => line switch
        {
            _ when line.Contains("<gone@") => "550 5.1.1 <gone@example.test>: Recipient address rejected: User unknown",
            _ when line.Contains("<busy@") => "450 4.2.1 <busy@example.test>: Mailbox busy",
            _ => "250 2.1.5 Ok",
        };
        var results = await DeliverAsync(Options, recipients: ["bob@example.test", "gone@example.test", "busy@example.test", "carol@example.test"]);
        Assert.Equal([RecipientStatus.Sent, RecipientStatus.Bounced, RecipientStatus.Pending, RecipientStatus.Sent], results.Select(r => r.Status));
        Assert.Equal("host mx.example.test[127.0.0.2] said: 550 5.1.1 <gone@example.test>: Recipient address rejected: User unknown (in reply to RCPT TO command)", results[1].Detail);
        Assert.Equal("host mx.example.test[127.0.0.2] said: 450 4.2.1 <busy@example.test>: Mailbox busy (in reply to RCPT TO command)", results[2].Detail);
        Assert.Equal(["RCPT TO:<bob@example.test>", "RCPT TO:<carol@example.test>"], Assert.Single(Primary.Messages).Recipients);
    }

    [Theory]
    [InlineData("554 5.7.1 Message rejected as spam", RecipientStatus.Bounced)]
    [InlineData("451 4.3.0 Try again later", RecipientStatus.Pending)]
    public async Task The_reply_to_the_end_of_DATA_decides_for_every_accepted_recipient(string reply, RecipientStatus status)
    {
        Primary.DataReply = reply;
        Primary.RcptReply = line => line.Contains("<gone@") ? "550 5.1.1 unknown" : "250 2.1.5 Ok";
        var results = await DeliverAsync(Options, recipients: ["bob@example.test", "carol@example.test", "gone@example.test"]);
        Assert.Equal([status, status, RecipientStatus.Bounced], results.Select(r => r.Status));
        Assert.Equal($"host mx.example.test[127.0.0.2] said: {reply} (in reply to end of DATA command)", results[0].Detail);
    }

    [Theory]
    [InlineData("553 5.7.1 <alice@here.test>: Sender address rejected", RecipientStatus.Bounced)]
    [InlineData("451 4.1.8 Sender domain not resolved", RecipientStatus.Pending)]
    public async Task The_reply_to_MAIL_FROM_decides_for_every_recipient(string reply, RecipientStatus status)
    {
        Primary.MailReply = _ => reply;
        var results = await DeliverAsync(Options, recipients: ["bob@example.test", "carol@example.test"]);
        Assert.All(results, r => Assert.Equal(status, r.Status));
        Assert.Equal($"host mx.example.test[127.0.0.2] said: {reply} (in reply to MAIL FROM command)", results[1].Detail);
        Assert.Empty(Primary.Messages);
    }

    [Fact]
    public async Task Envelope_addresses_are_quoted_when_needed_and_bad_ones_bounce_alone()
    {
        var results = await DeliverAsync(Options, recipients: ["dot.@example.test", "x@b..c", "bob@example.test"]);
        Assert.Equal([RecipientStatus.Sent, RecipientStatus.Bounced, RecipientStatus.Sent], results.Select(r => r.Status));
        Assert.Equal("bad recipient domain destination: bad host name \"b..c\" in \"b..c\"", results[1].Detail);
        Assert.Equal(["RCPT TO:<\"dot.\"@example.test>", "RCPT TO:<bob@example.test>"], Assert.Single(Primary.Messages).Recipients);
    }

    [Fact]
    public async Task The_null_sender_is_MAIL_FROM_empty()
    {
        await DeliverAsync(Options, sender: "");
        Assert.StartsWith("MAIL FROM:<>", Assert.Single(Primary.Messages).MailFrom);
    }

    [Fact]
    public async Task The_next_MX_is_tried_when_the_first_refuses_the_connection()
    {
        _dns.Mx["example.test"] = [(10, "down.example.test"), (20, "mx.example.test")];
        _dns.AddAddress("down.example.test", "127.0.0.3");
        var results = await DeliverAsync(Options);
        Assert.Equal(RecipientStatus.Sent, results[0].Status);
        Assert.Equal($"mx.example.test[127.0.0.2]:{_port}", results[0].Relay);
    }

    [Fact]
    public async Task The_next_MX_is_tried_when_the_first_greets_with_4xx()
    {
        var busy = AddServer("127.0.0.3");
        busy.Greeting = "421 4.3.2 Service shutting down";
        _dns.Mx["example.test"] = [(10, "busy.example.test"), (20, "mx.example.test")];
        _dns.AddAddress("busy.example.test", "127.0.0.3");
        var results = await DeliverAsync(Options);
        Assert.Equal(RecipientStatus.Sent, results[0].Status);
        Assert.Equal(1, busy.Connections);
        Assert.Single(Primary.Messages);
    }

    [Fact]
    public async Task Recipients_deferred_by_one_MX_are_offered_to_the_next()
    {
        var backup = AddServer("127.0.0.3");
        Primary.RcptReply = line => line.Contains("<busy@") ? "452 4.2.2 Over quota for now" : "250 2.1.5 Ok";
        _dns.AddMx("example.test", 20, "backup.example.test").AddAddress("backup.example.test", "127.0.0.3");
        var results = await DeliverAsync(Options, recipients: ["bob@example.test", "busy@example.test"]);
        Assert.Equal([RecipientStatus.Sent, RecipientStatus.Sent], results.Select(r => r.Status));
        Assert.Equal($"backup.example.test[127.0.0.3]:{_port}", results[1].Relay);
        Assert.Equal(["RCPT TO:<busy@example.test>"], Assert.Single(backup.Messages).Recipients);
    }

    [Fact]
    public async Task When_every_MX_fails_the_last_reason_defers()
    {
        _dns.Mx["example.test"] = [(10, "down.example.test")];
        _dns.AddAddress("down.example.test", "127.0.0.3");
        var result = Assert.Single(await DeliverAsync(Options));
        Assert.Equal(RecipientStatus.Pending, result.Status);
        Assert.Equal($"connect to down.example.test[127.0.0.3]:{_port}: Connection refused", result.Detail);
    }

    [Fact]
    public async Task A_null_MX_or_a_missing_domain_bounces_without_connecting()
    {
        _dns.AddMx("nomail.test", 0, ".");
        var results = await DeliverAsync(Options, recipients: ["bob@nomail.test", "bob@nosuch.test"]);
        Assert.Equal(RecipientResult.Bounced("none", "Domain nomail.test does not accept mail (nullMX)"), results[0]);
        Assert.Equal(RecipientResult.Bounced("none", "Host or domain name not found. Name service error for name=nosuch.test type=MX: Host not found"), results[1]);
        Assert.Equal(0, Primary.Connections);
    }

    [Fact]
    public async Task Relayhost_in_brackets_is_used_without_MX_lookup()
    {
        var relay = AddServer("127.0.0.4");
        var results = await DeliverAsync(Options with { RelayHost = $"[127.0.0.4]:{_port}" }, recipients: ["bob@example.test", "x@nosuch.test"]);
        Assert.All(results, r => Assert.Equal($"127.0.0.4[127.0.0.4]:{_port}", r.Relay));
        Assert.Equal(2, Assert.Single(relay.Messages).Recipients.Count);
        Assert.Equal(0, _dns.Queries);
    }

    [Fact]
    public async Task A_server_that_stops_answering_is_a_timeout_that_defers()
    {
        Primary.StallOn = "RCPT";
        var options = Options with { Timeouts = Options.Timeouts with { Rcpt = TimeSpan.FromMilliseconds(500) } };
        var result = Assert.Single(await DeliverAsync(options));
        Assert.Equal(RecipientStatus.Pending, result.Status);
        Assert.Equal("conversation with mx.example.test[127.0.0.2] timed out while sending RCPT TO", result.Detail);
    }
}
