using System.Net;

namespace Sekisho.Policy.Tables;

/// <summary>
/// A lookup table used by restrictions (<c>check_client_access TABLE</c>, <c>mynetworks</c>...). Each lookup
/// applies the search order of the table's format and returns the first entry that decides, or null.
/// Implementations reload themselves when their file changes (checked at most once per second) and are thread-safe.
/// </summary>
public interface IAccessTable
{
    /// <summary>The table as written in the configuration, e.g. <c>cidr:/etc/postfix/clients.cidr</c>.</summary>
    string Name { get; }

    /// <summary>Looks up an SMTP client: by host name (and parent domains) and by IP address (and, where the
    /// format has them, octet prefixes such as <c>192.168.1</c> or CIDR ranges).</summary>
    /// <param name="address">The client IP (IPv4-mapped addresses already unmapped).</param>
    /// <param name="hostname">The verified client host name, or <c>unknown</c>.</param>
    AccessMatch? FindClient(IPAddress address, string hostname);

    /// <summary>Looks up a HELO/EHLO name (a domain, or an address literal).</summary>
    /// <param name="helo">The HELO argument.</param>
    AccessMatch? FindHelo(string helo);

    /// <summary>Looks up an envelope sender (<c>user@domain</c>; "" for the null sender) with the format's search order
    /// (Postfix access(5): full address, domain, parent domains, <c>user@</c>; Sendmail: <c>From:</c> tags and untagged keys).</summary>
    /// <param name="address">The address.</param>
    AccessMatch? FindSender(string address);

    /// <summary>Looks up an envelope recipient, like <see cref="FindSender"/> (Sendmail: <c>To:</c> tags).</summary>
    /// <param name="address">The address.</param>
    AccessMatch? FindRecipient(string address);
}
