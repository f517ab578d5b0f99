using System.Net;

namespace Sekisho.Policy.Restrictions;

/// <summary>What <c>reject_invalid_helo_hostname</c> accepts: a host name of letters, digits, hyphens and dots, or an address literal.</summary>
internal static class HeloSyntax
{
    public static bool IsValid(string helo)
    {
        if (helo.StartsWith('[') && helo.EndsWith(']'))
        {
            var literal = helo[1..^1];
            if (literal.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
            {
                literal = literal[5..];
            }
            return IPAddress.TryParse(literal, out _);
        }
        if (helo.Length > 255)
        {
            return false;
        }
        foreach (var label in helo.TrimEnd('.').Split('.'))
        {
            if (label.Length is 0 or > 63 || label.StartsWith('-') || label.EndsWith('-'))
            {
                return false;
            }
            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
                {
                    return false;
                }
            }
        }
        return true;
    }
}
