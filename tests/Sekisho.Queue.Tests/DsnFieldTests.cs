using System.Text;

namespace Sekisho.Queue.Tests;

/// <summary>The RFC 3461 fields and the delay-warning flag in the queue file.</summary>
public sealed class DsnFieldTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Spool _spool;

    public DsnFieldTests() => _spool = new Spool(_folder.Path);

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(DsnNotify.None, "")]
    [InlineData(DsnNotify.Never, "rfc822;bob@example.org")]
    [InlineData(DsnNotify.Success | DsnNotify.Failure, "rfc822;a b%c@example.org")]
    [InlineData(DsnNotify.Success | DsnNotify.Failure | DsnNotify.Delay, "utf-8;j\u00f6rg@example.org")]
    [InlineData(DsnNotify.Delay, "rfc822;x@y")]
    public async Task Notify_and_orcpt_survive_the_round_trip(DsnNotify notify, string orcpt)
    {
        var recipient = new QueueRecipient("bob@example.org", null, "smtp", "example.org", RecipientStatus.Pending, notify, orcpt);
        var id = await SpoolTests.QueueAsync(_spool, SpoolTests.Envelope(recipient), "x\r\n");

        using var message = _spool.Open(id, QueueState.Incoming);
        Assert.Equal(recipient, Assert.Single(message.Envelope.Recipients));
    }

    [Theory]
    [InlineData(DsnReturn.Default, "", false)]
    [InlineData(DsnReturn.Full, "QQ314159", false)]
    [InlineData(DsnReturn.Headers, "id with spaces %", true)]
    public async Task Ret_envid_and_the_postmaster_mark_survive_the_round_trip(DsnReturn ret, string envid, bool postmasterNotice)
    {
        var envelope = SpoolTests.Envelope() with { Return = ret, EnvelopeId = envid, IsPostmasterNotice = postmasterNotice };
        var id = await SpoolTests.QueueAsync(_spool, envelope, "x\r\n");

        using var message = _spool.Open(id, QueueState.Incoming);
        Assert.Equal(ret, message.Envelope.Return);
        Assert.Equal(envid, message.Envelope.EnvelopeId);
        Assert.Equal(postmasterNotice, message.Envelope.IsPostmasterNotice);
    }

    [Fact]
    public async Task The_delay_warning_flag_is_written_in_place_and_read_back()
    {
        var id = await SpoolTests.QueueAsync(_spool, SpoolTests.Envelope(), "Subject: x\r\n\r\nbody\r\n");
        using (var message = _spool.Open(id, QueueState.Incoming))
        {
            Assert.False(message.DelayWarned);
            message.MarkDelayWarned();
            Assert.True(message.DelayWarned);
        }
        using (var again = _spool.Open(id, QueueState.Incoming))
        {
            Assert.True(again.DelayWarned);
            using var content = new StreamReader(again.OpenContent());
            Assert.Equal("Subject: x\r\n\r\nbody\r\n", await content.ReadToEndAsync());
        }
    }

    [Fact]
    public void A_file_of_the_earlier_version_without_notify_orcpt_or_warned_is_read()
    {
        const string body = "Subject: old\r\n\r\n";
        var header = "SEKISHO-QUEUE 1\nid 6410A2F3C81B2\ntime 1795000000123\nsize " + body.Length.ToString("D15")
            + "\nclient unknown 127.0.0.1\nhelo h\nproto ESMTP\nbody 7BIT\nutf8 0\nfrom a@example.org\nrcpt P local alice alice@example.test %\nend\n";
        File.WriteAllText(_spool.PathOf(QueueState.Incoming, "6410A2F3C81B2"), header + body, new UTF8Encoding(false));

        using var message = _spool.Open("6410A2F3C81B2", QueueState.Incoming);
        var recipient = Assert.Single(message.Envelope.Recipients);
        Assert.Equal(DsnNotify.None, recipient.Notify);
        Assert.Equal("", recipient.OriginalRecipient);
        Assert.False(message.DelayWarned);
        message.MarkDelayWarned(); // no flag to patch: remembered in memory only, the file stays valid
        Assert.True(message.DelayWarned);
    }
}
