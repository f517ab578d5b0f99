using System.Globalization;
using System.Text;

namespace Sekisho.Server.Smtp;

/// <summary>Builds the Received: trace header (RFC 5321 4.4) that Sekisho prepends, in Postfix's layout.</summary>
internal static class ReceivedHeader
{
    /// <summary>
    /// <code>
    /// Received: from HELO (NAME [IP])
    ///	by MYHOSTNAME (Sekisho) with ESMTPS id QUEUEID
    ///	for &lt;RCPT&gt;; Mon, 23 Nov 2026 18:30:00 +0000 (UTC)
    /// </code>
    /// With <c>smtpd_sasl_authenticated_header = yes</c> a line <c>(Authenticated sender: LOGIN)</c> follows the client.
    /// </summary>
    public static byte[] Build(string helo, string clientName, string clientAddress, string hostname, string mailName,
        string protocol, string queueId, string? singleRecipient, string? tlsDescription, DateTimeOffset now, string? authenticatedSender = null)
    {
        var text = new StringBuilder(256);
        text.Append("Received: from ").Append(Clean(helo.Length == 0 ? clientName : helo))
            .Append(" (").Append(Clean(clientName)).Append(" [").Append(clientAddress).Append("])\r\n");
        if (tlsDescription is not null)
        {
            text.Append("\t(using ").Append(tlsDescription).Append(")\r\n");
        }
        if (authenticatedSender is not null)
        {
            text.Append("\t(Authenticated sender: ").Append(Clean(authenticatedSender)).Append(")\r\n");
        }
        text.Append("\tby ").Append(hostname).Append(" (").Append(mailName).Append(") with ").Append(protocol)
            .Append(" id ").Append(queueId);
        if (singleRecipient is not null)
        {
            text.Append("\r\n\tfor <").Append(Clean(singleRecipient)).Append('>');
        }
        text.Append("; ").Append(now.ToUniversalTime().ToString("ddd, d MMM yyyy HH:mm:ss '+0000 (UTC)'", CultureInfo.InvariantCulture))
            .Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// The trace header of locally submitted mail, in Postfix's layout:
    /// <code>
    /// Received: by MYHOSTNAME (Sekisho, from userid 1000)
    ///	id QUEUEID; Mon, 23 Nov 2026 18:30:00 +0000 (UTC)
    /// </code>
    /// Mail submitted by <c>sendmail -bs</c> has <c>with ESMTP</c> (or SMTP) before the id.
    /// </summary>
    public static byte[] BuildLocal(string hostname, string mailName, uint uid, string protocol, string queueId, DateTimeOffset now)
    {
        var text = new StringBuilder(160);
        text.Append("Received: by ").Append(hostname).Append(" (").Append(mailName).Append(", from userid ")
            .Append(uid.ToString(CultureInfo.InvariantCulture)).Append(")\r\n\t");
        if (protocol is "SMTP" or "ESMTP")
        {
            text.Append("with ").Append(protocol).Append(' ');
        }
        text.Append("id ").Append(queueId).Append("; ")
            .Append(now.ToUniversalTime().ToString("ddd, d MMM yyyy HH:mm:ss '+0000 (UTC)'", CultureInfo.InvariantCulture)).Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Clean(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, 255));
        foreach (var c in value)
        {
            if (builder.Length >= 255)
            {
                break;
            }
            builder.Append(char.IsControl(c) || c is '(' or ')' or '[' or ']' or '<' or '>' ? '?' : c);
        }
        return builder.ToString();
    }
}
