using System.Net;
using System.Net.Sockets;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Policy.Tables;

/// <summary>
/// The keys tried, most specific first, when a Postfix-format key/value table (texthash, hash, inline) is searched;
/// Sendmail tables use the same orders with tags. All keys are lower case.
/// </summary>
internal static class LookupKeys
{
    /// <summary>
    /// A domain or host name, then each parent domain in two forms: <c>host.example.com</c>, <c>example.com</c>,
    /// <c>.example.com</c>, <c>com</c>, <c>.com</c>. The plain form (Postfix's default, parent_domain_matches_subdomains)
    /// comes before the dotted one (Postfix's form when that setting is off). An address literal such as
    /// <c>[192.0.2.1]</c> is tried only as itself. A trailing dot is ignored.
    /// </summary>
    public static IEnumerable<string> Domain(string name)
    {
        var domain = DomainName.Normalize(name);
        if (domain.Length == 0)
        {
            yield break;
        }
        yield return domain;
        if (domain[0] == '[')
        {
            yield break;
        }
        for (var dot = domain.IndexOf('.'); dot >= 0 && dot < domain.Length - 1; dot = domain.IndexOf('.', dot + 1))
        {
            yield return domain[(dot + 1)..];
            yield return domain[dot..];
        }
    }

    /// <summary>
    /// A client address, then its parent networks as Postfix writes them: <c>192.168.1.2</c>, <c>192.168.1</c>,
    /// <c>192.168</c>, <c>192</c>; for IPv6 the compressed form (<c>2001:db8::1</c>) cut at each <c>:</c> from the right
    /// (<c>2001:db8:</c>, <c>2001:db8</c>, <c>2001</c>).
    /// </summary>
    public static IEnumerable<string> Address(IPAddress address)
    {
        var text = Text(address);
        var separator = address.AddressFamily == AddressFamily.InterNetworkV6 ? ':' : '.';
        while (text.Length > 0)
        {
            yield return text;
            var cut = text.LastIndexOf(separator);
            text = cut < 0 ? "" : text[..cut];
        }
    }

    /// <summary>
    /// An envelope address in Postfix access(5) order: <c>user@domain</c>, the domain and its parents (see
    /// <see cref="Domain"/>), then <c>user@</c>. The null sender (<c>""</c> or <c>&lt;&gt;</c>) is looked up as
    /// <c>&lt;&gt;</c> only (smtpd_null_access_lookup_key).
    /// </summary>
    public static IEnumerable<string> Mail(string address)
    {
        var full = MailKey(Unbracket(address));
        if (full.Length == 0)
        {
            yield return "<>";
            yield break;
        }
        yield return full;
        var at = full.LastIndexOf('@');
        if (at < 0)
        {
            yield return full + "@";
            yield break;
        }
        foreach (var key in Domain(full[(at + 1)..]))
        {
            yield return key;
        }
        if (at > 0)
        {
            yield return full[..(at + 1)];
        }
    }

    /// <summary>
    /// A key that may hold a domain (<c>user@domain</c>, <c>domain</c>, <c>.domain</c>, <c>user@</c>) in the form
    /// lookups use: lower case, internationalized domains as A-labels (so <c>例え.jp</c> in a table matches
    /// <c>xn--r8jz45g.jp</c> in RCPT TO and the other way round).
    /// </summary>
    public static string MailKey(string key)
    {
        var at = key.LastIndexOf('@');
        var domain = at < 0 ? key : key[(at + 1)..];
        if (domain.Length == 0 || domain[0] == '[' || domain.All(char.IsAscii))
        {
            return key.ToLowerInvariant();
        }
        var dot = domain.StartsWith('.') ? "." : "";
        return (at < 0 ? "" : key[..(at + 1)].ToLowerInvariant()) + dot + DomainName.Normalize(domain[dot.Length..]);
    }

    /// <summary>The address as Postfix prints it: dotted quad, or compressed lower-case IPv6 without a zone.</summary>
    public static string Text(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes()).ToString()
            : address.ToString();

    /// <summary>An envelope address without the angle brackets a caller may have left on.</summary>
    public static string Unbracket(string address)
    {
        var trimmed = address.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '<' && trimmed[^1] == '>' ? trimmed[1..^1].Trim() : trimmed;
    }
}
