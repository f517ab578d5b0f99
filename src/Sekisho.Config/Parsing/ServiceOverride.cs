namespace Sekisho.Config;

/// <summary>
/// Per-listener settings, written as Postfix's <c>postconf -P</c> names master.cf <c>-o</c> overrides:
/// <c>submission/inet/smtpd_relay_restrictions = permit_sasl_authenticated, reject</c>.
/// </summary>
public static class ServiceOverride
{
    /// <summary>The services a setting can be overridden for: the listeners.</summary>
    public static IReadOnlyList<string> Services { get; } = ["smtp", "submission", "smtps"];

    /// <summary>
    /// Sekisho's defaults for a service before the file's own overrides, like the submission and smtps entries of
    /// Postfix's stock master.cf: mail clients must authenticate, may then relay, and may send only as themselves.
    /// </summary>
    /// <param name="service">The service.</param>
    public static IReadOnlyList<(string Name, string Value)> BuiltIn(string service) => service is "submission" or "smtps"
        ?
        [
            ("smtpd_auth_required", "yes"),
            ("smtpd_relay_restrictions", "permit_sasl_authenticated, reject"),
            ("smtpd_sender_restrictions", "reject_sender_login_mismatch"),
        ]
        : [];

    /// <summary>Splits <c>service/inet/name</c>.</summary>
    /// <param name="text">A parameter name as written.</param>
    /// <param name="service">The service.</param>
    /// <param name="name">The parameter.</param>
    public static bool TryParse(string text, out string service, out string name)
    {
        service = name = "";
        var parts = text.Split('/');
        if (parts.Length != 3 || parts[1] != "inet" || !MainCfParser.IsValidName(parts[0]) || !MainCfParser.IsValidName(parts[2]))
        {
            return false;
        }
        service = parts[0];
        name = parts[2];
        return true;
    }
}
