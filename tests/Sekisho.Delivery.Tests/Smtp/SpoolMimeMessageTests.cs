using System.Text;
using MimeKit;
using Sekisho.Delivery.Smtp;
using Sekisho.Queue;

namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>What MailKit is given to write: the queued bytes, however odd the header section, with CRLF line endings.</summary>
public sealed class SpoolMimeMessageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sekisho-smm-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly Spool _spool;

    public SpoolMimeMessageTests() => _spool = new Spool(_folder);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static TheoryData<byte[]> Messages => new()
    {
        Encoding.ASCII.GetBytes("Subject: plain\r\n\r\nbody\r\n"),
        Encoding.ASCII.GetBytes("Received: from a\r\n\tby b\r\n (folded oddly)\r\nSubject:no space\r\nX-Empty:\r\nX-Trailing: x   \r\n\r\nbody\r\n"),
        Encoding.ASCII.GetBytes("Subject: =?iso-8859-1?q?caf=E9?=\r\nContent-Type: text/plain; charset=\"us-ascii\"\r\nMIME-Version: 1.0\r\n\r\nx\r\n"),
        Encoding.Latin1.GetBytes("Subject: caf\u00e9 in latin-1 bytes\r\nFrom: \"D\u00fcrst\" <d@x.test>\r\n\r\nna\u00efve\r\n"),
        Encoding.UTF8.GetBytes("Subject: 日本語の件名\r\nTo: 用户@例子.test\r\n\r\n本文\r\n"),
        Encoding.ASCII.GetBytes("Received: x\r\nthis line is not a header\r\nSubject: after it\r\n\r\nbody\r\n"),
        Encoding.ASCII.GetBytes("\r\nA message with no header section at all.\r\n"),
        Encoding.ASCII.GetBytes("Subject: no final line break\r\n\r\nbody"),
        Encoding.ASCII.GetBytes("Content-Type: multipart/mixed; boundary=zz\r\n\r\npreamble\r\n--zz\r\nContent-Type: text/plain\r\n\r\nhi\r\n--zz--\r\nepilogue\r\n"),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task MimeKit_writes_the_queued_bytes(byte[] content)
    {
        using var queued = await QueueAsync(content);
        var (message, problem) = await SpoolMimeMessage.CreateAsync(queued, 1024 * 1024, CancellationToken.None);
        Assert.Null(problem);
        var written = new MemoryStream();
        await message!.WriteToAsync(SmtpFormat.Options, written);
        var expected = content.Length > 0 && content[^1] != '\n' ? [.. content, (byte)'\r', (byte)'\n'] : content;
        Assert.Equal(expected, written.ToArray());
    }

    [Fact]
    public async Task MailKit_sees_an_8bit_part_only_for_8bit_messages()
    {
        foreach (var (bodyType, expected) in new[] { ("8BITMIME", ContentEncoding.EightBit), ("7BIT", ContentEncoding.SevenBit) })
        {
            using var queued = await QueueAsync("Subject: x\r\n\r\ny\r\n"u8.ToArray(), bodyType);
            var (message, _) = await SpoolMimeMessage.CreateAsync(queued, 1024, CancellationToken.None);
            // MailKit decides BODY=8BITMIME by walking the message with a MimeIterator.
            var parts = new List<MimePart>();
            using var iterator = new MimeIterator(message!);
            while (iterator.MoveNext())
            {
                if (iterator.Current is MimePart part)
                {
                    parts.Add(part);
                }
            }
            Assert.Equal(expected, Assert.Single(parts).ContentTransferEncoding);
        }
    }

    [Fact]
    public async Task A_header_section_over_the_limit_bounces()
    {
        var content = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("X-Long: " + new string('a', 90) + "\r\n", 200)) + "\r\nbody\r\n");
        using var queued = await QueueAsync(content);
        var (message, problem) = await SpoolMimeMessage.CreateAsync(queued, 4096, CancellationToken.None);
        Assert.Null(message);
        Assert.Equal(SmtpProblem.Bounce("message header section is longer than 4096 bytes"), problem);
    }

    private async Task<QueuedMessage> QueueAsync(byte[] content, string bodyType = "7BIT")
    {
        var envelope = new QueueEnvelope
        {
            Sender = "a@here.test",
            Recipients = [new QueueRecipient("b@example.test", null, "smtp", "example.test")],
            ArrivalTime = DateTimeOffset.UtcNow,
            BodyType = bodyType,
        };
        var id = _spool.NewQueueId();
        await using (var writer = await _spool.CreateAsync(id, envelope, CancellationToken.None))
        {
            await writer.AppendAsync(content, CancellationToken.None);
            await writer.CommitAsync(CancellationToken.None);
        }
        return _spool.Open(id, QueueState.Incoming);
    }
}
