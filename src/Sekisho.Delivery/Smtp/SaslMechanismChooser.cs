namespace Sekisho.Delivery.Smtp;

/// <summary>Picks the SASL mechanism to authenticate with, strongest first, within the security options and filter.</summary>
public static class SaslMechanismChooser
{
    private static readonly string[] Preference = ["SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN"];

    /// <summary>The mechanism to use, or null when none offered is acceptable.</summary>
    /// <param name="offered">The server's AUTH list.</param>
    /// <param name="security">The security options for this session (with or without TLS).</param>
    /// <param name="filter">
    /// The <c>smtp_sasl_mechanism_filter</c> match list, empty for all: <c>NAME</c>, <c>!NAME</c>, <c>*</c> (any) or
    /// <c>!*</c>; the first entry that matches decides, and a mechanism no entry matches is not used (as in Postfix).
    /// </param>
    public static string? Choose(IEnumerable<string> offered, SaslSecurityOptions security, IReadOnlyList<string> filter)
    {
        var available = new HashSet<string>(offered, StringComparer.OrdinalIgnoreCase);
        foreach (var mechanism in Preference)
        {
            if (!available.Contains(mechanism) || !Allowed(filter, mechanism))
            {
                continue;
            }
            if (security.HasFlag(SaslSecurityOptions.NoPlaintext) && mechanism is "PLAIN" or "LOGIN")
            {
                continue;
            }
            return mechanism;
        }
        return null;
    }

    private static bool Allowed(IReadOnlyList<string> filter, string mechanism)
    {
        if (filter.Count == 0)
        {
            return true;
        }
        foreach (var entry in filter)
        {
            var negated = entry.StartsWith('!');
            var name = negated ? entry[1..] : entry;
            if (name == "*" || name.Equals(mechanism, StringComparison.OrdinalIgnoreCase))
            {
                return !negated;
            }
        }
        return false;
    }
}
