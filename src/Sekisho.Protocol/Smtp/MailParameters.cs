using System.Globalization;

namespace Sekisho.Protocol.Smtp;

/// <summary>
/// What the ESMTP parameters of MAIL FROM mean (RFC 1870 SIZE, RFC 6152 BODY, RFC 6531 SMTPUTF8, RFC 4954 AUTH).
/// Anything else, or any parameter after HELO instead of EHLO, is refused with 555.
/// </summary>
/// <param name="DeclaredSize">The SIZE= value, 0 when not given.</param>
/// <param name="BodyType"><c>7BIT</c> or <c>8BITMIME</c>.</param>
/// <param name="SmtpUtf8">Whether SMTPUTF8 was given.</param>
public sealed record MailParameters(long DeclaredSize, string BodyType, bool SmtpUtf8)
{
    /// <summary>Interprets the parameters of one MAIL command.</summary>
    /// <param name="parameters">The parameters from <see cref="SmtpPathParser.TryParseMailFrom"/>.</param>
    /// <param name="extended">True after EHLO; after HELO no parameter is allowed.</param>
    /// <param name="sizeLimit"><c>message_size_limit</c>, 0 for none.</param>
    /// <param name="result">The meaning, when valid.</param>
    /// <param name="error">The reply, when not.</param>
    public static bool TryParse(IReadOnlyList<EsmtpParameter> parameters, bool extended, long sizeLimit, out MailParameters result, out SmtpReply? error)
    {
        result = new MailParameters(0, "7BIT", false);
        error = null;
        foreach (var parameter in parameters)
        {
            if (!extended)
            {
                error = SmtpReply.UnsupportedOption(Describe(parameter));
                return false;
            }
            switch (parameter.Keyword)
            {
                case "SIZE":
                    if (parameter.Value is null || parameter.Value.Length > 18
                        || !long.TryParse(parameter.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                    {
                        error = new SmtpReply(501, "5.5.4", "Bad message size syntax");
                        return false;
                    }
                    if (sizeLimit > 0 && size > sizeLimit)
                    {
                        error = new SmtpReply(552, "5.3.4", "Message size exceeds fixed limit");
                        return false;
                    }
                    result = result with { DeclaredSize = size };
                    break;
                case "BODY" when parameter.Value is not null
                    && (parameter.Value.Equals("7BIT", StringComparison.OrdinalIgnoreCase) || parameter.Value.Equals("8BITMIME", StringComparison.OrdinalIgnoreCase)):
                    result = result with { BodyType = parameter.Value.ToUpperInvariant() };
                    break;
                case "SMTPUTF8" when parameter.Value is null:
                    result = result with { SmtpUtf8 = true };
                    break;
                case "AUTH" when parameter.Value is not null:
                    break; // RFC 4954 5: accepted and ignored while the session is not authenticated
                default:
                    error = SmtpReply.UnsupportedOption(Describe(parameter));
                    return false;
            }
        }
        return true;
    }

    /// <summary>The parameter as the client wrote it, for a 555 reply.</summary>
    /// <param name="parameter">The parameter.</param>
    public static string Describe(EsmtpParameter parameter) =>
        parameter.Value is null ? parameter.Keyword : parameter.Keyword + "=" + parameter.Value;
}
