using System.Globalization;

namespace Sekisho.Protocol.Smtp;

/// <summary>
/// Domains as Sekisho compares them: lower case, without the root dot, internationalized labels in their
/// ASCII form (IDNA A-labels), so <c>例え.jp</c>, <c>XN--R8JZ45G.jp</c> and <c>xn--r8jz45g.jp.</c> are one domain
/// in <c>mydestination</c>, <c>relay_domains</c>, access tables and RCPT TO (RFC 6531 section 3.2).
/// </summary>
public static class DomainName
{
    private static readonly IdnMapping Idna = new() { UseStd3AsciiRules = false, AllowUnassigned = false };

    /// <summary>
    /// The comparison form of a domain. Address literals (<c>[192.0.2.1]</c>) are only lower-cased. A name that
    /// is not valid IDNA stays as written, lower-cased: it then matches only itself.
    /// </summary>
    /// <param name="domain">A domain as written in a command or a file.</param>
    public static string Normalize(string domain)
    {
        var trimmed = domain.Trim().TrimEnd('.');
        if (trimmed.Length == 0 || trimmed[0] == '[' || !NeedsIdna(trimmed))
        {
            return trimmed.ToLowerInvariant();
        }
        try
        {
            return Idna.GetAscii(trimmed).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return trimmed.ToLowerInvariant();
        }
    }

    /// <summary>The domain for people to read: A-labels shown as U-labels (<c>xn--r8jz45g.jp</c> → <c>例え.jp</c>).</summary>
    /// <param name="domain">A domain in any form.</param>
    public static string ToUnicode(string domain)
    {
        var normalized = Normalize(domain);
        if (!normalized.Contains("xn--", StringComparison.Ordinal))
        {
            return normalized;
        }
        try
        {
            return Idna.GetUnicode(normalized);
        }
        catch (ArgumentException)
        {
            return normalized;
        }
    }

    private static bool NeedsIdna(string domain)
    {
        foreach (var c in domain)
        {
            if (c > 0x7f)
            {
                return true;
            }
        }
        return false;
    }
}
