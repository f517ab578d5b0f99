namespace Sekisho.Delivery.Smtp;

/// <summary>A <c>smtp_sasl_password_maps</c> entry: <c>user:password</c>.</summary>
/// <param name="UserName">The login name.</param>
/// <param name="Password">The password (may contain colons).</param>
public sealed record SmtpCredentials(string UserName, string Password)
{
    /// <summary>Looks up the credentials for a destination as Postfix does: <c>[host]:port</c> as written, the host name, then the server's own name.</summary>
    /// <param name="table">The password table.</param>
    /// <param name="nextHop">The destination.</param>
    /// <param name="serverName">The MX or relay host name connected to.</param>
    public static SmtpCredentials? Find(Func<string, string?> table, NextHop nextHop, string serverName)
    {
        foreach (var key in new[] { nextHop.ToString(), nextHop.Host, serverName }.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (table(key) is { } value)
            {
                return Parse(value);
            }
        }
        return null;
    }

    /// <summary>Splits <c>user:password</c> at the first colon; without one the whole value is the user name.</summary>
    /// <param name="value">The table value.</param>
    public static SmtpCredentials Parse(string value)
    {
        var text = value.Trim();
        var colon = text.IndexOf(':');
        return colon < 0 ? new SmtpCredentials(text, "") : new SmtpCredentials(text[..colon], text[(colon + 1)..]);
    }
}
