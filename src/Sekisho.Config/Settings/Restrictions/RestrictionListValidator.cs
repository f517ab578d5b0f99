namespace Sekisho.Config;

/// <summary>
/// Checks a restriction list such as <c>smtpd_recipient_restrictions</c>: every name must be known, and
/// <c>check_*_access</c> and <c>reject_rbl_client</c> must be followed by their argument.
/// </summary>
internal static class RestrictionListValidator
{
    /// <summary>The list's tokens in order, arguments as their own tokens right after their restriction.</summary>
    /// <exception cref="ConfigException">An unknown or unsupported restriction, or a missing argument.</exception>
    public static IReadOnlyList<string> Read(SettingReader reader, string name)
    {
        var tokens = reader.List(name);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var argument = i + 1 < tokens.Count ? tokens[i + 1] : null;
            if (token == "check_relay_domains")
            {
                throw reader.Error(name, "check_relay_domains is obsolete (removed in Postfix 2.2): write permit_auth_destination, reject_unauth_destination instead");
            }
            if (RestrictionNames.TakingTable.Contains(token))
            {
                if (argument is null || !argument.Contains(':') || IsRestriction(argument))
                {
                    throw reader.Error(name, $"{token} needs a table argument such as hash:/etc/sekisho/access");
                }
                if (argument.Contains("dracd", StringComparison.OrdinalIgnoreCase))
                {
                    throw reader.Error(name, $"{token} {argument} is DRAC's POP-before-SMTP database: Sekisho has POP-before-SMTP built in, write permit_pop_before_smtp instead");
                }
                i++;
            }
            else if (RestrictionNames.TakingDomain.Contains(token))
            {
                if (argument is null || IsRestriction(argument))
                {
                    throw reader.Error(name, $"{token} needs a DNS list domain argument such as zen.spamhaus.org");
                }
                i++;
            }
            else if (RestrictionNames.PostfixOnly.Contains(token))
            {
                throw reader.Error(name, $"restriction \"{token}\" is not supported yet");
            }
            else if (!RestrictionNames.Simple.Contains(token))
            {
                throw reader.Error(name, $"unknown restriction \"{token}\"");
            }
        }
        return tokens;
    }

    private static bool IsRestriction(string token) =>
        RestrictionNames.Simple.Contains(token) || RestrictionNames.TakingTable.Contains(token)
        || RestrictionNames.TakingDomain.Contains(token) || RestrictionNames.PostfixOnly.Contains(token);
}
