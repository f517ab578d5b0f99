using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sekisho.Delivery.Smtp;

/// <summary>
/// One SMTP destination in Postfix's syntax: <c>domain</c> and <c>domain:port</c> look up MX records,
/// <c>[host]</c> and <c>[host]:port</c> only the host's addresses, <c>[192.0.2.1]</c> and <c>[ipv6:2001:db8::1]</c> are addresses.
/// </summary>
/// <param name="Host">The domain, host name or address, without brackets or the <c>ipv6:</c> prefix.</param>
/// <param name="Port">The TCP port.</param>
/// <param name="LookupMx">True for <c>domain</c> forms (MX lookup), false for bracketed ones.</param>
/// <param name="PortGiven">True when the text named a port, so it is part of the <c>smtp_sasl_password_maps</c> key.</param>
public sealed record NextHop(string Host, int Port, bool LookupMx, bool PortGiven)
{
    private static readonly Dictionary<string, int> Services = new(StringComparer.OrdinalIgnoreCase)
    {
        ["smtp"] = 25,
        ["submission"] = 587,
        ["submissions"] = 465,
        ["smtps"] = 465,
        ["lmtp"] = 24,
    };

    /// <summary>The address when <see cref="Host"/> is a literal address, else null.</summary>
    public IPAddress? Address => !LookupMx && IPAddress.TryParse(Host, out var address) ? address : null;

    /// <summary>The destination as Postfix writes it, e.g. <c>[mail.isp.example]:587</c> or <c>[ipv6:2001:db8::1]</c>.</summary>
    public override string ToString()
    {
        var host = Address is { AddressFamily: AddressFamily.InterNetworkV6 } ? "ipv6:" + Host : Host;
        var text = LookupMx ? host : "[" + host + "]";
        return PortGiven ? text + ":" + Port.ToString(CultureInfo.InvariantCulture) : text;
    }

    /// <summary>Parses one destination.</summary>
    /// <param name="text">E.g. <c>example.com</c>, <c>[mail.isp.example]:submission</c>, <c>[ipv6:::1]:2525</c>.</param>
    /// <param name="defaultPort">The port when none is given (<c>smtp_tcp_port</c>).</param>
    /// <param name="nextHop">The destination.</param>
    /// <param name="error">Why the text is not a destination.</param>
    public static bool TryParse(string text, int defaultPort, out NextHop nextHop, out string error)
    {
        nextHop = null!;
        var value = text.Trim();
        string host;
        string? port = null;
        bool lookupMx;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']');
            if (close < 0)
            {
                error = $"missing ']' in \"{text}\"";
                return false;
            }
            host = value[1..close];
            var rest = value[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    error = $"unexpected text after ']' in \"{text}\"";
                    return false;
                }
                port = rest[1..];
            }
            lookupMx = false;
            if (host.StartsWith("ipv6:", StringComparison.OrdinalIgnoreCase))
            {
                host = host[5..];
                if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
                {
                    error = $"bad IPv6 address in \"{text}\"";
                    return false;
                }
            }
        }
        else
        {
            var colon = value.IndexOf(':');
            if (colon >= 0)
            {
                if (value.IndexOf(':', colon + 1) >= 0)
                {
                    error = $"an IPv6 address must be written [ipv6:address] in \"{text}\"";
                    return false;
                }
                port = value[(colon + 1)..];
                value = value[..colon];
            }
            host = value;
            lookupMx = true;
            if (IPAddress.TryParse(host, out _))
            {
                error = $"an IP address must be written [address] in \"{text}\"";
                return false;
            }
        }
        if (!IPAddress.TryParse(host, out _))
        {
            host = host.TrimEnd('.');
            if (!IsHostName(host))
            {
                error = $"bad host name \"{host}\" in \"{text}\"";
                return false;
            }
        }
        var number = defaultPort;
        if (port is not null && !TryParsePort(port, out number))
        {
            error = $"bad port \"{port}\" in \"{text}\"";
            return false;
        }
        nextHop = new NextHop(host, number, lookupMx, port is not null);
        error = "";
        return true;
    }

    /// <summary>Parses a list of destinations separated by commas or whitespace (Postfix 3.5 and later), tried in order.</summary>
    /// <param name="text">E.g. <c>[mx1.example]:25, [mx2.example]:25</c>.</param>
    /// <param name="defaultPort">The port when none is given.</param>
    /// <param name="nextHops">The destinations, at least one.</param>
    /// <param name="error">Why the text is not a list of destinations.</param>
    public static bool TryParseList(string text, int defaultPort, out IReadOnlyList<NextHop> nextHops, out string error)
    {
        var list = new List<NextHop>();
        nextHops = list;
        foreach (var item in text.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryParse(item, defaultPort, out var nextHop, out error))
            {
                return false;
            }
            list.Add(nextHop);
        }
        error = list.Count == 0 ? "empty destination" : "";
        return list.Count > 0;
    }

    private static bool TryParsePort(string text, out int port)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            return port is > 0 and <= 65535;
        }
        return Services.TryGetValue(text, out port);
    }

    private static bool IsHostName(string host)
    {
        if (host.Length is 0 or > 253)
        {
            return false;
        }
        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }
            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || c > 127))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
