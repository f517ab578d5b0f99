using System.Text;
using Sekisho.Delivery.Smtp;
using Sekisho.Queue;

namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>
/// RFC 3461 requests passed on by the smtp transport: RET and ENVID on MAIL FROM, NOTIFY (with MailKit's ORCPT) on
/// RCPT TO, only when the next hop offers DSN; a delivered recipient whose NOTIFY went on is marked DsnPassedOn.
/// </summary>
public sealed class SmtpDsnTests : IDisposable
{
    private static readonly byte[] Message = Encoding.ASCII.GetBytes("From: alice@here.test\r\nSubject: dsn\r\n\r\nHello.\r\n");

    private readonly FakeDnsServer _dns = new();
    private readonly SpoolHarness _spool = new();
    private readonly FakeSmtpServer _server = new("127.0.0.2");

    public SmtpDsnTests()
    {
        _dns.AddMx("example.test", 10, "mx.example.test").AddAddress("mx.example.test", "127.0.0.2");
    }

    public void Dispose()
    {
        _server.Dispose();
        _dns.Dispose();
        _spool.Dispose();
    }

    private SmtpTransportOptions Options => new()
    {
        HeloName = "me.test",
        DefaultPort = _server.Port,
        DnsServers = [_dns.EndPoint],
        DnsTimeout = TimeSpan.FromSeconds(2),
        UseIPv6 = false,
        Timeouts = new SmtpTimeouts { Connect = TimeSpan.FromSeconds(5), Helo = TimeSpan.FromSeconds(10) },
    };

    private static QueueEnvelope Envelope(DsnReturn ret, string envelopeId, params (string Address, DsnNotify Notify, string Orcpt)[] recipients) => new()
    {
        Sender = "alice@here.test",
        Recipients = [.. recipients.Select(r => new QueueRecipient(r.Address, null, "smtp", "example.test", RecipientStatus.Pending, r.Notify, r.Orcpt))],
        ArrivalTime = DateTimeOffset.UtcNow,
        BodyType = "7BIT",
        Return = ret,
        EnvelopeId = envelopeId,
    };

    private static readonly (string, DsnNotify, string)[] ThreeRecipients =
    [
        ("bob@example.test", DsnNotify.Success | DsnNotify.Failure, "rfc822;bob@example.test"),
        ("carol@example.test", DsnNotify.None, ""),
        ("dave@example.test", DsnNotify.Never, "rfc822;alias@here.test"),
    ];

    private IReadOnlyList<string> EnvelopeCommands() =>
        [.. _server.Commands.Where(c => c.StartsWith("MAIL ", StringComparison.Ordinal) || c.StartsWith("RCPT ", StringComparison.Ordinal))];

    [Fact]
    public async Task With_DSN_offered_RET_ENVID_and_NOTIFY_go_on_exactly()
    {
        _server.Extensions.Add("DSN");
        var results = await _spool.DeliverAsync(new SmtpTransport(Options), Message, Envelope(DsnReturn.Headers, "QQ 3+1=4", ThreeRecipients));

        Assert.Equal(
            [
                $"MAIL FROM:<alice@here.test> SIZE={Message.Length} ENVID=QQ+203+2B1+3D4 RET=HDRS",
                "RCPT TO:<bob@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.test",
                "RCPT TO:<carol@example.test>",
                "RCPT TO:<dave@example.test> NOTIFY=NEVER ORCPT=rfc822;dave@example.test", // MailKit 4.18: ORCPT is always the RCPT address
            ],
            EnvelopeCommands());
        Assert.All(results, r => Assert.Equal(RecipientStatus.Sent, r.Status));
        Assert.Equal([true, false, true], results.Select(r => r.DsnPassedOn));
    }

    [Theory]
    [InlineData(DsnReturn.Full, "", " RET=FULL")]
    [InlineData(DsnReturn.Default, "abc", " ENVID=abc")]
    [InlineData(DsnReturn.Default, "", "")]
    public async Task RET_and_ENVID_are_sent_only_when_given(DsnReturn ret, string envelopeId, string expected)
    {
        _server.Extensions.Add("DSN");
        await _spool.DeliverAsync(new SmtpTransport(Options), Message, Envelope(ret, envelopeId, ("bob@example.test", DsnNotify.Delay, "")));

        Assert.Equal(
            [
                $"MAIL FROM:<alice@here.test> SIZE={Message.Length}{expected}",
                "RCPT TO:<bob@example.test> NOTIFY=DELAY ORCPT=rfc822;bob@example.test",
            ],
            EnvelopeCommands());
    }

    [Fact]
    public async Task Without_DSN_offered_nothing_is_sent_and_nothing_is_passed_on()
    {
        var results = await _spool.DeliverAsync(new SmtpTransport(Options), Message, Envelope(DsnReturn.Full, "QQ314159", ThreeRecipients));

        Assert.Equal(
            [
                $"MAIL FROM:<alice@here.test> SIZE={Message.Length}",
                "RCPT TO:<bob@example.test>",
                "RCPT TO:<carol@example.test>",
                "RCPT TO:<dave@example.test>",
            ],
            EnvelopeCommands());
        Assert.All(results, r => Assert.Equal(RecipientStatus.Sent, r.Status));
        Assert.All(results, r => Assert.False(r.DsnPassedOn));
    }

    [Fact]
    public async Task A_refused_or_deferred_recipient_is_not_marked_passed_on()
    {
        _server.Extensions.Add("DSN");
        _server.RcptReply = line => line.Contains("<bob@", StringComparison.Ordinal) ? "550 5.1.1 unknown" : "250 2.1.5 Ok";
        _server.DataReply = "451 4.3.0 try later";
        var results = await _spool.DeliverAsync(new SmtpTransport(Options), Message,
            Envelope(DsnReturn.Default, "", ("bob@example.test", DsnNotify.Success, ""), ("carol@example.test", DsnNotify.Success, "")));

        Assert.Equal([RecipientStatus.Bounced, RecipientStatus.Pending], results.Select(r => r.Status));
        Assert.All(results, r => Assert.False(r.DsnPassedOn));
    }
}
