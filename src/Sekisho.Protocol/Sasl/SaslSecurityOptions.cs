namespace Sekisho.Protocol.Sasl;

/// <summary>
/// Reads Postfix's <c>smtpd_sasl_security_options</c> (and <c>smtpd_sasl_tls_security_options</c>) values, such as
/// <c>noanonymous, noplaintext</c>, into the set of <see cref="SaslSecurity"/> weaknesses to exclude.
/// </summary>
public static class SaslSecurityOptions
{
    /// <summary>Parses a list of option names separated by commas and/or white space (case-insensitive).</summary>
    /// <param name="value">The parameter value; empty means no exclusion.</param>
    /// <param name="excluded">The weaknesses to exclude.</param>
    /// <param name="unknown">The first unrecognized name, or null.</param>
    /// <returns>Whether every name was recognized: <c>noanonymous</c>, <c>noplaintext</c>, <c>noactive</c>,
    /// <c>nodictionary</c>, <c>mutual_auth</c>.</returns>
    public static bool TryParse(string value, out SaslSecurity excluded, out string? unknown)
    {
        ArgumentNullException.ThrowIfNull(value);
        excluded = SaslSecurity.None;
        unknown = null;
        foreach (var name in value.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var flag = name.ToLowerInvariant() switch
            {
                "noanonymous" => SaslSecurity.Anonymous,
                "noplaintext" => SaslSecurity.Plaintext,
                "noactive" => SaslSecurity.ActiveAttackable,
                "nodictionary" => SaslSecurity.DictionaryAttackable,
                "mutual_auth" => SaslSecurity.NoMutualAuthentication,
                _ => (SaslSecurity?)null,
            };
            if (flag is null)
            {
                unknown = name;
                return false;
            }
            excluded |= flag.Value;
        }
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/> and throws on an unknown name.</summary>
    /// <param name="value">The parameter value.</param>
    /// <exception cref="FormatException">A name is not a known option.</exception>
    public static SaslSecurity Parse(string value) =>
        TryParse(value, out var excluded, out var unknown)
            ? excluded
            : throw new FormatException($"Unknown SASL security option \"{unknown}\".");
}
