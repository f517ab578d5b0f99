using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sekisho.Policy.Tables;

/// <summary>
/// Keys of the Sendmail access database: <c>Connect:</c>, <c>From:</c>, <c>To:</c> tags or none, lower case.
/// IPv6 keys (<c>IPv6:2002:c0a8:02c7</c>, <c>IPv6:2002:c0a8:51d2::23f4</c>) are normalized to groups without leading
/// zeros and without <c>::</c> (<c>ipv6:2002:c0a8:2c7</c>), so expanded, compressed and prefix forms all match.
/// </summary>
internal static class SendmailKeys
{
    /// <summary>The tags Sekisho reads.</summary>
    public static readonly IReadOnlySet<string> Tags = new HashSet<string>(StringComparer.Ordinal) { "connect", "from", "to" };

    /// <summary>Tags of Sendmail features Sekisho does not have; their entries are skipped with a warning.</summary>
    public static readonly IReadOnlySet<string> IgnoredTags = new HashSet<string>(StringComparer.Ordinal)
    {
        "spam", "greetpause", "clientrate", "clientconn", "qgrp", "srv_features", "cli_features", "try_tls", "tls_clt",
        "tls_srv", "tls_rcpt", "certissuer", "certsubject", "authinfo", "compat",
    };

    /// <summary>
    /// A client in Sendmail's order: the host name and its parent domains (or, without a verified name, the address
    /// literal <c>[192.0.2.1]</c> Sendmail uses as the name), then the address and its octet prefixes
    /// (<c>192.168.1</c>) or IPv6 group prefixes; each key <c>Connect:</c>-tagged first, then untagged.
    /// </summary>
    public static IEnumerable<string> Client(IPAddress address, string hostname)
    {
        IEnumerable<string> names = string.IsNullOrEmpty(hostname) || hostname.Equals("unknown", StringComparison.OrdinalIgnoreCase)
            ? [Literal(address)]
            : LookupKeys.Domain(hostname);
        return Tagged("connect", names.Concat(Address(address)));
    }

    /// <summary>An envelope address in search order (full address, domain and parents, <c>user@</c>), each tagged then untagged.</summary>
    public static IEnumerable<string> Mail(string tag, string address) => Tagged(tag, LookupKeys.Mail(address));

    /// <summary>
    /// Classifies a key as written in the file.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="normalized">The key as lookups spell it.</param>
    /// <param name="problem">Why the key is not usable; with a null <paramref name="normalized"/> and an empty problem, the entry is skipped.</param>
    /// <returns>False when the key is an error or skipped.</returns>
    public static bool TryNormalize(string key, out string? normalized, out string problem)
    {
        normalized = null;
        problem = "";
        var lower = key.ToLowerInvariant();
        var colon = lower.StartsWith('[') ? -1 : lower.IndexOf(':');
        var tag = colon > 0 ? lower[..colon] : "";
        var rest = lower;
        var prefix = "";
        if (Tags.Contains(tag))
        {
            prefix = tag + ":";
            rest = lower[(colon + 1)..];
        }
        else if (IgnoredTags.Contains(tag))
        {
            return false;
        }
        else if (colon > 0 && tag != "ipv6" && !IsIpv6Address(lower))
        {
            problem = $"unknown tag \"{key[..(colon + 1)]}\" (Sekisho reads Connect:, From:, To: and untagged keys; IPv6 keys are written IPv6:2001:db8)";
            return false;
        }
        if (rest.Length == 0)
        {
            problem = $"\"{key}\": empty key";
            return false;
        }
        if (!TryNormalizeAddressKey(LookupKeys.MailKey(rest), out var value))
        {
            problem = $"\"{key}\": bad IPv6 key (expected IPv6:2001:db8:1 or IPv6:2001:db8::1)";
            return false;
        }
        normalized = prefix + value;
        return true;
    }

    private static bool TryNormalizeAddressKey(string key, out string normalized)
    {
        normalized = key;
        if (key.StartsWith('[') && key.EndsWith(']'))
        {
            if (IpValue.TryParseAddress(key, out var literal))
            {
                normalized = Literal(literal);
            }
            return true;
        }
        var v6 = key.StartsWith("ipv6:", StringComparison.Ordinal) ? key[5..] : IsIpv6Address(key) ? key : null;
        if (v6 is null)
        {
            return true;
        }
        if (IsIpv6Address(v6))
        {
            normalized = "ipv6:" + string.Join(':', Groups(IPAddress.Parse(v6)));
            return true;
        }
        var parts = v6.Split(':');
        if (parts.Length > 7 || parts.Any(p => p.Length is 0 or > 4 || !int.TryParse(p, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _)))
        {
            return false;
        }
        normalized = "ipv6:" + string.Join(':', parts.Select(p => int.Parse(p, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture).ToString("x", CultureInfo.InvariantCulture)));
        return true;
    }

    private static IEnumerable<string> Address(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            foreach (var key in LookupKeys.Address(address))
            {
                yield return key;
            }
            yield break;
        }
        var groups = Groups(address);
        for (var n = groups.Length; n > 0; n--)
        {
            yield return "ipv6:" + string.Join(':', groups, 0, n);
        }
    }

    private static string[] Groups(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return Enumerable.Range(0, 8).Select(i => ((bytes[2 * i] << 8) | bytes[(2 * i) + 1]).ToString("x", CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>The name Sendmail gives a client without a host name: <c>[192.0.2.1]</c>, <c>[ipv6:2001:db8::1]</c>.</summary>
    private static string Literal(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[ipv6:{LookupKeys.Text(address)}]" : $"[{address}]";

    private static bool IsIpv6Address(string text) =>
        text.Count(c => c == ':') >= 2 && !text.Contains('%') && !text.Contains('@')
        && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;

    private static IEnumerable<string> Tagged(string tag, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            yield return tag + ":" + key;
            yield return key;
        }
    }
}
