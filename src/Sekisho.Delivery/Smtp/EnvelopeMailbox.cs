using MimeKit;

namespace Sekisho.Delivery.Smtp;

/// <summary>Envelope addresses as MailKit mailboxes (MAIL FROM and RCPT TO take them from <see cref="MailboxAddress.Address"/>).</summary>
public static class EnvelopeMailbox
{
    /// <summary>Makes a mailbox for an envelope address; a local part MimeKit refuses is tried again quoted (<c>smtp_quote_rfc821_envelope</c>).</summary>
    /// <param name="address">The address, "" for the null sender.</param>
    /// <param name="mailbox">The mailbox.</param>
    public static bool TryCreate(string address, out MailboxAddress mailbox)
    {
        mailbox = null!;
        foreach (var candidate in Candidates(address))
        {
            try
            {
                mailbox = new MailboxAddress("", candidate);
                return true;
            }
            catch (ParseException)
            {
            }
        }
        return false;
    }

    /// <summary>Whether an address needs SMTPUTF8 (non-ASCII characters).</summary>
    /// <param name="address">The address.</param>
    public static bool NeedsSmtpUtf8(string address) => address.Any(c => c > 127);

    private static IEnumerable<string> Candidates(string address)
    {
        yield return address;
        var at = address.LastIndexOf('@');
        if (at > 0 && !address.StartsWith('"'))
        {
            var local = address[..at].Replace("\\", "\\\\").Replace("\"", "\\\"");
            yield return "\"" + local + "\"" + address[at..];
        }
    }
}
