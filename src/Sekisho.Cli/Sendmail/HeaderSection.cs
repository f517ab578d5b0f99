using System.Text;
using MimeKit;
using MimeKit.Utils;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Cli.Sendmail;

/// <summary>
/// The header section of a locally submitted message, edited as Postfix's cleanup edits local mail: Bcc (and
/// Resent-Bcc) removed, From, Date and Message-ID added when missing, and, for <c>-t</c>, the recipients read from
/// To/Cc/Bcc (Resent-To/-Cc/-Bcc when the message has any).
/// </summary>
internal sealed class HeaderSection
{
    private static readonly HeaderId[] Destinations = [HeaderId.To, HeaderId.Cc, HeaderId.Bcc];
    private static readonly HeaderId[] ResentDestinations = [HeaderId.ResentTo, HeaderId.ResentCc, HeaderId.ResentBcc];
    private readonly HeaderList _headers;

    private HeaderSection(HeaderList headers) => _headers = headers;

    /// <summary>Parses header lines (without line ends).</summary>
    public static HeaderSection Parse(IReadOnlyList<byte[]> lines)
    {
        using var text = new MemoryStream();
        foreach (var line in lines)
        {
            text.Write(line);
            text.Write("\r\n"u8);
        }
        text.Write("\r\n"u8);
        text.Position = 0;
        return new HeaderSection(HeaderList.Load(ParserOptions.Default, text));
    }

    /// <summary>
    /// The addresses of To/Cc/Bcc, or of Resent-To/-Cc/-Bcc when any is present; addresses without a domain get
    /// <paramref name="origin"/>. False when one does not parse.
    /// </summary>
    public bool TryExtractRecipients(string origin, out List<string> addresses, out string bad)
    {
        addresses = [];
        bad = "";
        var ids = ResentDestinations.Any(_headers.Contains) ? ResentDestinations : Destinations;
        foreach (var header in _headers.Where(h => ids.Contains(h.Id)))
        {
            if (!InternetAddressList.TryParse(ParserOptions.Default, header.RawValue, out var list))
            {
                bad = $"{header.Field}: {header.Value.Trim()}";
                return false;
            }
            foreach (var mailbox in list.Mailboxes)
            {
                var address = Qualify(mailbox.Address, origin);
                if (!SmtpPathParser.TryParseRcptTo($"TO:<{address}>", out _, out _, out _))
                {
                    bad = $"{header.Field}: {header.Value.Trim()}";
                    return false;
                }
                addresses.Add(address);
            }
        }
        return true;
    }

    /// <summary>Removes Bcc and Resent-Bcc, and adds From (from the envelope sender), Date and Message-ID when missing.</summary>
    public void Complete(string sender, string fullName, string origin, string hostname)
    {
        _headers.RemoveAll(HeaderId.Bcc);
        _headers.RemoveAll(HeaderId.ResentBcc);
        if (!_headers.Contains(HeaderId.From))
        {
            var address = sender.Length == 0 ? "MAILER-DAEMON@" + origin : sender;
            var from = new InternetAddressList { new MailboxAddress(fullName, address) };
            _headers.Add(HeaderId.From, from.ToString(FormatOptions.Default, true));
        }
        if (!_headers.Contains(HeaderId.Date))
        {
            _headers.Add(HeaderId.Date, DateUtils.FormatDate(DateTimeOffset.Now));
        }
        if (!_headers.Contains(HeaderId.MessageId))
        {
            _headers.Add(HeaderId.MessageId, "<" + MimeUtils.GenerateMessageId(hostname) + ">");
        }
    }

    /// <summary>The section as CRLF lines, without the blank line after it.</summary>
    public byte[] ToBytes()
    {
        using var output = new MemoryStream();
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        _headers.WriteTo(options, output);
        var bytes = output.ToArray();
        // HeaderList.WriteTo ends with the blank line; the caller writes it.
        return bytes.AsSpan().EndsWith("\r\n\r\n"u8) ? bytes[..^2] : bytes;
    }

    /// <summary><c>root</c> becomes <c>root@ORIGIN</c>.</summary>
    public static string Qualify(string address, string origin) =>
        address.Contains('@', StringComparison.Ordinal) ? address : address + "@" + origin;

    public override string ToString() => Encoding.UTF8.GetString(ToBytes());
}
