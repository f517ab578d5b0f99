using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sekisho.Protocol.Smtp;

/// <summary>Parses the arguments of MAIL and RCPT: the path and the ESMTP parameters. Pure and bounded.</summary>
/// <remarks>
/// <para>Accepted: <c>FROM:</c>/<c>TO:</c> in any case, spaces after the colon (<c>MAIL FROM: &lt;a@b&gt;</c>), a path in
/// angle brackets followed by space-separated parameters, or a bare path without brackets and without parameters
/// (<c>MAIL FROM:a@b</c>, as Postfix with <c>strict_rfc821_envelopes = no</c>).</para>
/// <para>The path follows RFC 5321 4.1.2 with RFC 6531 UTF-8: an optional source route (hosts recorded), a dot-atom
/// or quoted-string local part (at most 64 octets as written), and a domain of letter/digit/hyphen/UTF-8 labels
/// (no empty label, no trailing dot, no hyphen at either end of a label, at most 255 octets) or an address literal
/// <c>[192.0.2.1]</c> / <c>[IPv6:2001:db8::1]</c> (general literals are refused). The whole path with its brackets is
/// at most 256 octets. Local parts with <c>%</c> or <c>!</c> parse normally: relay policy decides about them.</para>
/// <para>Errors: a missing <c>FROM:</c>/<c>TO:</c>, unbalanced brackets, text glued to the closing bracket or a bad
/// parameter give 501 5.5.4 Syntax; a path that breaks the grammar or a length limit gives 501 5.1.7 (MAIL) or
/// 501 5.1.3 (RCPT). The checks run in that order: brackets, then the path, then the parameters.</para>
/// </remarks>
public static class SmtpPathParser
{
    private const int MaxLocalPartOctets = 64;
    private const int MaxDomainOctets = 255;
    private const int MaxPathOctets = 256;
    private const int MaxLabelOctets = 63;

    private static readonly SmtpReply MailSyntax = SmtpReply.Syntax("MAIL FROM:<address>");
    private static readonly SmtpReply RcptSyntax = SmtpReply.Syntax("RCPT TO:<address>");

    /// <summary>Parses the argument of MAIL (everything after the verb), e.g. <c>FROM:&lt;a@b&gt; SIZE=100 BODY=8BITMIME</c>.</summary>
    /// <param name="argument">The argument as in <see cref="SmtpCommand.Argument"/>.</param>
    /// <param name="path">The reverse-path; <see cref="SmtpPath.Null"/> for <c>&lt;&gt;</c>.</param>
    /// <param name="parameters">The ESMTP parameters in order.</param>
    /// <param name="error">501 5.5.4 Syntax: MAIL FROM:&lt;address&gt; or 501 5.1.7 Bad sender address syntax.</param>
    public static bool TryParseMailFrom(string argument, out SmtpPath path, out IReadOnlyList<EsmtpParameter> parameters, out SmtpReply? error) =>
        TryParse(argument, isMail: true, out path, out parameters, out error);

    /// <summary>
    /// Parses the argument of RCPT, e.g. <c>TO:&lt;a@b&gt;</c>. The null path is refused. Like Postfix, a recipient
    /// is read leniently so that every relay trick reaches the relay policy instead of a syntax error: a path
    /// without a domain (<c>&lt;postmaster&gt;</c>, <c>&lt;other!user&gt;</c>) is returned with an empty domain (ours);
    /// with several <c>@</c> the last one separates the domain (<c>&lt;user@other@ours&gt;</c> has the local part
    /// <c>user@other</c>); a trailing dot on the domain is dropped.
    /// </summary>
    /// <param name="argument">The argument as in <see cref="SmtpCommand.Argument"/>.</param>
    /// <param name="path">The forward-path.</param>
    /// <param name="parameters">The ESMTP parameters in order.</param>
    /// <param name="error">501 5.5.4 Syntax: RCPT TO:&lt;address&gt; or 501 5.1.3 Bad recipient address syntax.</param>
    public static bool TryParseRcptTo(string argument, out SmtpPath path, out IReadOnlyList<EsmtpParameter> parameters, out SmtpReply? error) =>
        TryParse(argument, isMail: false, out path, out parameters, out error);

    private static bool TryParse(string argument, bool isMail, out SmtpPath path, out IReadOnlyList<EsmtpParameter> parameters, out SmtpReply? error)
    {
        ArgumentNullException.ThrowIfNull(argument);
        path = SmtpPath.Null;
        parameters = [];
        var syntax = isMail ? MailSyntax : RcptSyntax;
        var badAddress = isMail ? SmtpReply.BadSenderSyntax : SmtpReply.BadRecipientSyntax;

        ReadOnlySpan<char> rest = argument;
        var prefix = isMail ? "FROM:" : "TO:";
        if (!rest.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            error = syntax;
            return false;
        }
        rest = TrimSpaces(rest[prefix.Length..]);

        if (!TrySplit(rest, out var pathText, out var parameterText, out var pathOctets))
        {
            error = syntax;
            return false;
        }
        if (pathOctets > MaxPathOctets || !TryParsePath(pathText, allowNull: isMail, lenient: !isMail, out path))
        {
            path = SmtpPath.Null;
            error = badAddress;
            return false;
        }
        if (!TryParseParameters(parameterText, out parameters))
        {
            path = SmtpPath.Null;
            error = syntax;
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>Separates the path (without its brackets) from the parameter text.</summary>
    private static bool TrySplit(ReadOnlySpan<char> rest, out ReadOnlySpan<char> pathText, out ReadOnlySpan<char> parameterText, out int pathOctets)
    {
        pathText = parameterText = default;
        pathOctets = 0;
        if (rest.IsEmpty)
        {
            return false;
        }
        if (rest[0] == '<')
        {
            var close = FindClosingBracket(rest);
            if (close < 0)
            {
                return false;
            }
            pathText = rest[1..close];
            parameterText = rest[(close + 1)..];
            if (!parameterText.IsEmpty && !IsSpace(parameterText[0]))
            {
                return false;
            }
            pathOctets = Encoding.UTF8.GetByteCount(rest[..(close + 1)]);
            return true;
        }

        // A bare path: no brackets anywhere and nothing after it (no parameters without brackets).
        if (rest.ContainsAny('<', '>') || FindUnquoted(rest, static c => IsSpace(c)) >= 0)
        {
            return false;
        }
        pathText = rest;
        pathOctets = Encoding.UTF8.GetByteCount(rest) + 2;
        return true;
    }

    /// <summary>The index of the '&gt;' closing the path that starts at index 0, skipping quoted strings; -1 when unbalanced.</summary>
    private static int FindClosingBracket(ReadOnlySpan<char> text)
    {
        var index = FindUnquoted(text[1..], static c => c is '<' or '>');
        return index >= 0 && text[index + 1] == '>' ? index + 1 : -1;
    }

    /// <summary>The index of the first character outside a quoted string that matches; -1 when none (or a quote is left open).</summary>
    private static int FindUnquoted(ReadOnlySpan<char> text, Func<char, bool> match)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (match(c))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Parses the text between the brackets: [source route ":"] local-part ["@" domain].</summary>
    /// <param name="text">The path without brackets.</param>
    /// <param name="allowNull">Whether <c>&lt;&gt;</c> is allowed (MAIL).</param>
    /// <param name="lenient">RCPT: no domain, several <c>@</c> and a trailing dot are accepted (see <see cref="TryParseRcptTo"/>).</param>
    /// <param name="path">The path.</param>
    private static bool TryParsePath(ReadOnlySpan<char> text, bool allowNull, bool lenient, out SmtpPath path)
    {
        path = SmtpPath.Null;
        if (text.IsEmpty)
        {
            return allowNull;
        }
        if (!SmtpAddressSyntax.IsWellFormed(text))
        {
            return false;
        }

        string[] route = [];
        if (text[0] == '@')
        {
            var colon = text.IndexOf(':');
            if (colon < 0 || !TryParseSourceRoute(text[..colon], out route))
            {
                return false;
            }
            text = text[(colon + 1)..];
        }

        if (lenient && text.Length > 0 && text[0] != '"' && text.Count('@') > 1)
        {
            return TryParseRoutedLocalPart(text, route, out path);
        }
        if (!TryParseLocalPart(text, out var localPart, out var quoted, out var written))
        {
            return false;
        }
        if (Encoding.UTF8.GetByteCount(text[..written]) > MaxLocalPartOctets)
        {
            return false;
        }

        if (written == text.Length)
        {
            // No domain: RFC 5321 4.5.1 allows only <postmaster>; Postfix (and Sekisho) takes any unqualified
            // recipient as ours, so <other!user> meets the relay policy, not a syntax error, and an unqualified
            // sender as one of ours (the session appends @$myorigin; reject_non_fqdn_sender can refuse it).
            if (route.Length > 0 || (localPart.Length == 0 && !allowNull))
            {
                return false; // <""> is the null path in disguise: a sender may be null, a recipient may not
            }
            path = new SmtpPath(localPart, "", route, quoted);
            return true;
        }

        var domain = text[(written + 1)..];
        if (lenient && domain.Length > 1 && domain[^1] == '.' && domain[^2] != '.' && domain[0] != '[')
        {
            domain = domain[..^1]; // <user@example.com.>: the root dot, as Postfix drops it
        }
        if (text[written] != '@' || !IsDomainOrLiteral(domain))
        {
            return false;
        }
        path = new SmtpPath(localPart, domain.ToString(), route, quoted);
        return true;
    }

    /// <summary><c>user@other@ours</c>: the last <c>@</c> separates the domain; the rest is a local part that routes.</summary>
    private static bool TryParseRoutedLocalPart(ReadOnlySpan<char> text, string[] route, out SmtpPath path)
    {
        path = SmtpPath.Null;
        var at = text.LastIndexOf('@');
        var local = text[..at];
        var domain = text[(at + 1)..];
        foreach (var range in local.Split('@'))
        {
            if (!SmtpAddressSyntax.IsDotAtom(local[range]))
            {
                return false;
            }
        }
        if (Encoding.UTF8.GetByteCount(local) > MaxLocalPartOctets || !IsDomainOrLiteral(domain))
        {
            return false;
        }
        path = new SmtpPath(local.ToString(), domain.ToString(), route, LocalPartWasQuoted: false);
        return true;
    }

    /// <summary>Parses <c>@h1,@h2</c> (the colon already removed).</summary>
    private static bool TryParseSourceRoute(ReadOnlySpan<char> text, out string[] hosts)
    {
        var list = new List<string>();
        hosts = [];
        foreach (var range in text.Split(','))
        {
            var item = text[range];
            if (item.Length < 2 || item[0] != '@' || !IsDomainOrLiteral(item[1..]))
            {
                return false;
            }
            list.Add(item[1..].ToString());
        }
        hosts = [.. list];
        return true;
    }

    /// <summary>Parses a dot-atom or quoted-string local part at the start of <paramref name="text"/>.</summary>
    /// <param name="text">The mailbox.</param>
    /// <param name="localPart">The local part, unquoted and unescaped.</param>
    /// <param name="quoted">True when it was a quoted string.</param>
    /// <param name="written">How many characters the local part took (the index of '@' or the end).</param>
    private static bool TryParseLocalPart(ReadOnlySpan<char> text, out string localPart, out bool quoted, out int written)
    {
        localPart = "";
        quoted = false;
        written = 0;
        if (text.IsEmpty)
        {
            return false;
        }
        if (text[0] != '"')
        {
            var end = text.IndexOf('@');
            written = end < 0 ? text.Length : end;
            if (!SmtpAddressSyntax.IsDotAtom(text[..written]))
            {
                return false;
            }
            localPart = text[..written].ToString();
            return true;
        }

        quoted = true;
        var builder = new StringBuilder(text.Length);
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                written = i + 1;
                localPart = builder.ToString();
                return true;
            }
            if (c == '\\')
            {
                // quoted-pairSMTP = %d92 %d32-126
                if (++i == text.Length || text[i] is < ' ' or > '~')
                {
                    return false;
                }
                builder.Append(text[i]);
            }
            else if (SmtpAddressSyntax.IsQtext(c))
            {
                builder.Append(c);
            }
            else
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>Whether <paramref name="domain"/> is a domain name (or an address literal) as RFC 5321 allows in a path.</summary>
    /// <param name="domain">E.g. <c>example.com</c> or <c>[192.0.2.1]</c>.</param>
    public static bool IsValidDomain(ReadOnlySpan<char> domain) => IsDomainOrLiteral(domain);

    private static bool IsDomainOrLiteral(ReadOnlySpan<char> domain)
    {
        if (domain.IsEmpty || Encoding.UTF8.GetByteCount(domain) > MaxDomainOctets)
        {
            return false;
        }
        return domain[0] == '[' ? IsAddressLiteral(domain) : IsDomain(domain);
    }

    /// <summary>Dot-separated labels of letters, digits, hyphens and UTF-8; no empty label (so no trailing dot).</summary>
    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.IsEmpty || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }
            var ascii = true;
            foreach (var c in label)
            {
                if (c >= 0x80)
                {
                    if (!SmtpAddressSyntax.IsAllowedNonAscii(c))
                    {
                        return false;
                    }
                    ascii = false;
                }
                else if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
            if (ascii && label.Length > MaxLabelOctets)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary><c>[IPv4]</c> or <c>[IPv6:address]</c>.</summary>
    private static bool IsAddressLiteral(ReadOnlySpan<char> literal)
    {
        if (literal.Length < 3 || literal[^1] != ']')
        {
            return false;
        }
        var inner = literal[1..^1];
        if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            var address = inner[5..];
            foreach (var c in address)
            {
                if (!char.IsAsciiHexDigit(c) && c is not ':' and not '.')
                {
                    return false;
                }
            }
            return address.Contains(':')
                && IPAddress.TryParse(address, out var ip)
                && ip.AddressFamily == AddressFamily.InterNetworkV6;
        }
        return IsIPv4(inner);
    }

    /// <summary>Snum "." Snum "." Snum "." Snum, each 1-3 digits and at most 255.</summary>
    private static bool IsIPv4(ReadOnlySpan<char> text)
    {
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (++parts > 4 || part.IsEmpty || part.Length > 3)
            {
                return false;
            }
            var value = 0;
            foreach (var c in part)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255)
            {
                return false;
            }
        }
        return parts == 4;
    }

    /// <summary>Space-separated <c>KEYWORD[=VALUE]</c> items (RFC 5321 4.1.2 esmtp-param, RFC 6531 UTF-8 values).</summary>
    private static bool TryParseParameters(ReadOnlySpan<char> text, out IReadOnlyList<EsmtpParameter> parameters)
    {
        parameters = [];
        text = TrimSpaces(text);
        if (text.IsEmpty)
        {
            return true;
        }
        var list = new List<EsmtpParameter>();
        while (!text.IsEmpty)
        {
            var end = text.IndexOfAny(' ', '\t');
            var item = end < 0 ? text : text[..end];
            text = end < 0 ? [] : TrimSpaces(text[end..]);

            var equals = item.IndexOf('=');
            var keyword = equals < 0 ? item : item[..equals];
            if (!IsKeyword(keyword))
            {
                return false;
            }
            string? value = null;
            if (equals >= 0)
            {
                var valueText = item[(equals + 1)..];
                if (!IsValue(valueText))
                {
                    return false;
                }
                value = valueText.ToString();
            }
            list.Add(new EsmtpParameter(keyword.ToString().ToUpperInvariant(), value));
        }
        parameters = list;
        return true;
    }

    /// <summary>esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")</summary>
    private static bool IsKeyword(ReadOnlySpan<char> keyword)
    {
        if (keyword.IsEmpty || !char.IsAsciiLetterOrDigit(keyword[0]))
        {
            return false;
        }
        foreach (var c in keyword)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>esmtp-value = 1*(%d33-60 / %d62-126 / UTF8-non-ascii)</summary>
    private static bool IsValue(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (c is < '!' or '=' or '\x7F' || (c >= 0x80 && !SmtpAddressSyntax.IsAllowedNonAscii(c)))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t';

    private static ReadOnlySpan<char> TrimSpaces(ReadOnlySpan<char> text) => text.Trim(" \t");
}
