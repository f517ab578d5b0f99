using System.Globalization;

namespace Sekisho.Protocol.Smtp;

/// <summary>
/// What the ESMTP parameters of MAIL FROM mean (RFC 1870 SIZE, RFC 6152 BODY, RFC 6531 SMTPUTF8, RFC 4954 AUTH,
/// RFC 3461 RET and ENVID). Anything else, or any parameter after HELO instead of EHLO, is refused with 555.
/// </summary>
/// <remarks>
/// RET and ENVID are answered as Postfix's smtpd answers them: <c>RET=FULL</c> or <c>RET=HDRS</c> in any case, else
/// (or given twice) <c>501 5.5.4 Bad RET parameter syntax</c>; ENVID is xtext of at most 100 characters as written,
/// decoding to printable ASCII (space included), else (or given twice) <c>501 5.5.4 Bad ENVID parameter syntax</c>.
/// </remarks>
/// <param name="DeclaredSize">The SIZE= value, 0 when not given.</param>
/// <param name="BodyType"><c>7BIT</c> or <c>8BITMIME</c>.</param>
/// <param name="SmtpUtf8">Whether SMTPUTF8 was given.</param>
public sealed record MailParameters(long DeclaredSize, string BodyType, bool SmtpUtf8)
{
    /// <summary>The longest ENVID value, as written (RFC 3461 4.4).</summary>
    public const int MaxEnvelopeIdLength = 100;

    private static readonly SmtpReply BadRet = new(501, "5.5.4", "Bad RET parameter syntax");
    private static readonly SmtpReply BadEnvelopeId = new(501, "5.5.4", "Bad ENVID parameter syntax");

    /// <summary>The RET= value, <see cref="DsnRetParameter.None"/> when not given.</summary>
    public DsnRetParameter Return { get; init; }

    /// <summary>The ENVID= value decoded from xtext, empty when not given.</summary>
    public string EnvelopeId { get; init; } = "";

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
        var envelopeIdGiven = false;
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
                case "RET":
                    var ret = parameter.Value?.ToUpperInvariant() switch
                    {
                        "FULL" => DsnRetParameter.Full,
                        "HDRS" => DsnRetParameter.Headers,
                        _ => DsnRetParameter.None,
                    };
                    if (ret == DsnRetParameter.None || result.Return != DsnRetParameter.None)
                    {
                        error = BadRet;
                        return false;
                    }
                    result = result with { Return = ret };
                    break;
                case "ENVID":
                    if (envelopeIdGiven || parameter.Value is null || parameter.Value.Length > MaxEnvelopeIdLength
                        || !XText.TryDecode(parameter.Value, allowUtf8: false, out var envelopeId) || envelopeId.Length == 0
                        || !envelopeId.All(c => c is >= ' ' and <= '~'))
                    {
                        error = BadEnvelopeId;
                        return false;
                    }
                    envelopeIdGiven = true;
                    result = result with { EnvelopeId = envelopeId };
                    break;
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
