using System.Text;
using Sekisho.Cli.Sendmail;

namespace Sekisho.EndToEnd.Tests.Sendmail;

/// <summary>
/// The header section of a locally submitted message, as Postfix's cleanup treats local mail: <c>-t</c> reads To, Cc
/// and Bcc (or only the Resent- ones when there are any), Bcc never leaves, and From, Date and Message-Id are added
/// only when missing.
/// </summary>
public sealed class HeaderSectionTests
{
    [Theory]
    [InlineData("To: bob@example.org", "bob@example.org")]
    [InlineData("To: Bob <bob@example.org>, carol@example.org\nCc: dave", "bob@example.org carol@example.org dave@example.test")]
    [InlineData("To: undisclosed-recipients:;\nBcc: hidden@example.org", "hidden@example.org")]
    [InlineData("To: team: ann@example.org, ben@example.org;", "ann@example.org ben@example.org")]
    [InlineData("To: bob@example.org\nResent-To: carol@example.org\nResent-Bcc: dave@example.org", "carol@example.org dave@example.org")]
    [InlineData("To:\n bob@example.org,\n\tcarol@example.org", "bob@example.org carol@example.org")]
    [InlineData("Subject: no recipients", "")]
    [InlineData("From: alice@example.org\nReply-To: other@example.org", "")]
    public void T_reads_the_recipients_of_the_destination_headers(string headers, string expected)
    {
        var section = HeaderSection.Parse(Lines(headers));
        Assert.True(section.TryExtractRecipients("example.test", out var addresses, out var bad), bad);
        Assert.Equal(expected, string.Join(' ', addresses));
    }

    [Theory]
    [InlineData("To: bob@-bad-.test", "To: bob@-bad-.test")]
    [InlineData("Cc: ok@example.org, \"a\"@[300.1.1.1]", "Cc: ok@example.org, \"a\"@[300.1.1.1]")]
    public void A_recipient_that_is_not_an_smtp_address_is_refused(string headers, string expected)
    {
        var section = HeaderSection.Parse(Lines(headers));
        Assert.False(section.TryExtractRecipients("example.test", out _, out var bad));
        Assert.Equal(expected, bad);
    }

    [Fact]
    public void Missing_from_date_and_message_id_are_added_at_the_end_and_bcc_removed()
    {
        var section = HeaderSection.Parse(Lines("To: bob@example.org\nBcc: hidden@example.org\nSubject: hi\nResent-Bcc: x@example.org"));
        section.Complete("cron@example.test", "Cron Daemon", "example.test", "mx.example.test");
        var text = Encoding.UTF8.GetString(section.ToBytes());
        Assert.Matches(@"^To: bob@example.org\r\nSubject: hi\r\nFrom: Cron Daemon <cron@example.test>\r\nDate: \w{3}, \d{2} \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}\r\nMessage-Id: <[^@>]+@mx\.example\.test>\r\n$", text);
    }

    [Fact]
    public void Present_headers_are_kept_byte_for_byte()
    {
        var headers = "From: \"Alice\" <alice@example.org>\nDate: Mon, 23 Nov 2026 18:30:00 +0900\nMessage-ID: <abc@client>\nSubject: =?UTF-8?B?5pel5pys6Kqe?=\nX-Odd:   spaced   value  ";
        var section = HeaderSection.Parse(Lines(headers));
        section.Complete("cron@example.test", "", "example.test", "mx.example.test");
        Assert.Equal(headers.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n", Encoding.UTF8.GetString(section.ToBytes()));
    }

    [Theory]
    [InlineData("", "", "From: MAILER-DAEMON@example.test")]
    [InlineData("root@example.test", "", "From: root@example.test")]
    [InlineData("root@example.test", "田中 太郎", "From: =?utf-8?b?55Sw5LitIOWkqumDjg==?= <root@example.test>")]
    public void The_added_from_names_the_envelope_sender(string sender, string fullName, string expected)
    {
        var section = HeaderSection.Parse([]);
        section.Complete(sender, fullName, "example.test", "mx.example.test");
        Assert.StartsWith(expected + "\r\n", Encoding.UTF8.GetString(section.ToBytes()));
    }

    private static byte[][] Lines(string headers) => headers.Split('\n').Select(Encoding.UTF8.GetBytes).ToArray();
}
